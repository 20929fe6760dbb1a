import { ConnectionError } from '../errors/connection-error';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error';
import { RequestAbortedError } from '../errors/request-aborted-error';
import { TimeoutError } from '../errors/timeout-error';
import { UnexpectedRedirectError } from '../errors/unexpected-redirect-error';
import type { Answer } from './read-answer';
import { backoff, type NormalizedRetry } from './retry';

/** How one attempt ended: an answer that was read, or no answer at all. */
export type Outcome =
  | Exclude<Answer, { kind: 'ok' }>
  | { kind: 'timeout' }
  | { kind: 'aborted'; sent: boolean }
  | { kind: 'connection'; code: string | undefined; sent: boolean };

/** What the retry decision needs of a request. */
export interface RetrySpec {
  method: string;
  path: string;
  /** A write that must never reach Altegio twice: a 503 is "outcome unknown", not retried. */
  writeOnce?: boolean | undefined;
}

/** Where the request stands: which retry this would be, the policy, and the attempt's timeout. */
export interface AttemptState {
  /** Retries already made (0 after the first attempt). */
  retries: number;
  retry: NormalizedRetry;
  /** The per-attempt timeout in ms, for the error's message. */
  timeout: number;
  /** Source of backoff jitter. @default Math.random */
  random?: () => number;
}

/** Retry after `delay` ms, or give up with `error`. */
export type RetryDecision = { retry: true; delay: number; reason: string } | { retry: false; error: Error };

/**
 * Decides, without side effects, whether a failed attempt is retried. GETs are retried after a
 * timeout, a connection failure, 429 and 5xx. A write is retried only when Altegio certainly did not
 * process it: a connection refused before sending, 429, and 503 unless it is write-once. A write that
 * may have been processed (timeout, connection lost after sending, other 5xx, unreadable 2xx, abort
 * after sending) gives `OutcomeUnknownError`. Aborts, redirects and other 4xx are never retried.
 */
export function decideRetry(outcome: Outcome, spec: RetrySpec, state: AttemptState): RetryDecision {
  const where = { method: spec.method, path: spec.path };
  const isGet = spec.method === 'GET';
  const unknown = (reason: OutcomeUnknownError['reason'], status?: number): RetryDecision => ({
    retry: false,
    error: new OutcomeUnknownError({ ...where, reason, status }),
  });
  let error: Error;
  let wait: number | undefined;
  switch (outcome.kind) {
    case 'redirect':
      return { retry: false, error: new UnexpectedRedirectError({ ...where, ...outcome }) };
    case 'aborted':
      if (!isGet && outcome.sent) return unknown('aborted');
      return { retry: false, error: new RequestAbortedError(where) };
    case 'unreadable':
      // A write answered 2xx was processed, but its result (e.g. a payment id) is unreadable.
      return isGet
        ? { retry: false, error: outcome.error }
        : unknown('unreadable-answer', outcome.error.status);
    case 'timeout':
      if (!isGet) return unknown('timeout');
      error = new TimeoutError({ ...where, timeout: state.timeout });
      break;
    case 'connection':
      if (!isGet && outcome.sent) return unknown('connection');
      error = new ConnectionError({ ...where, code: outcome.code });
      break;
    case 'api': {
      const { status } = outcome.error;
      const notProcessed = status === 429 || (status === 503 && !spec.writeOnce);
      if (!isGet && status >= 500 && !notProcessed) return unknown('server-error', status);
      const retryable = notProcessed || (isGet && status >= 500);
      wait = outcome.retryAfter;
      if (!retryable || (wait !== undefined && wait > state.retry.maxRetryAfter)) {
        return { retry: false, error: outcome.error };
      }
      error = outcome.error;
      break;
    }
  }
  if (state.retries >= state.retry.limit) return { retry: false, error };
  const delay = wait ?? backoff(state.retry, state.retries, state.random);
  return { retry: true, delay, reason: error.name };
}
