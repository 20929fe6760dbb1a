import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  OutcomeUnknownError,
  RateLimitError,
  RequestAbortedError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnexpectedRedirectError,
  ValidationError,
} from 'altegio-marketplace';
import { type AttemptState, decideRetry, type Outcome } from '../../src/core/decide-retry';

const get = { method: 'GET', path: '/x' };
const post = { method: 'POST', path: '/pay' };
const payment = { ...post, writeOnce: true };
const state: AttemptState = {
  retries: 0,
  retry: { limit: 2, initialDelay: 100, maxDelay: 1000, maxRetryAfter: 5000 },
  timeout: 1234,
  random: () => 1,
};
const where = { method: 'GET', path: '/x' };
const api = (status: number, retryAfter?: number): Outcome => ({
  kind: 'api',
  error:
    status === 429
      ? new RateLimitError({ ...where, status, retryAfter })
      : new ServerError({ ...where, status }),
  retryAfter,
});
const unreadable: Outcome = {
  kind: 'unreadable',
  error: new ResponseValidationError({ ...where, status: 200, issues: [], body: '', detail: 'x' }),
};

describe('decideRetry', () => {
  it.each([
    ['a GET timeout', { kind: 'timeout' } as Outcome, get],
    ['a GET connection failure', { kind: 'connection', code: 'ECONNRESET', sent: true } as Outcome, get],
    [
      'a write refused before sending',
      { kind: 'connection', code: 'ECONNREFUSED', sent: false } as Outcome,
      post,
    ],
    ['a GET 500', api(500), get],
    ['a write 429', api(429), post],
    ['a write-once 429', api(429), payment],
    ['a plain write 503', api(503), post],
  ])('retries %s with exponential backoff', (_name, outcome, spec) => {
    expect(decideRetry(outcome, spec, state)).toMatchObject({ retry: true, delay: 100 });
    expect(decideRetry(outcome, spec, { ...state, retries: 1 })).toMatchObject({ retry: true, delay: 200 });
  });

  it('waits what Retry-After said, and gives up when it is longer than maxRetryAfter', () => {
    expect(decideRetry(api(429, 3000), get, state)).toEqual({
      retry: true,
      delay: 3000,
      reason: 'RateLimitError',
    });
    const decision = decideRetry(api(429, 6000), get, state);
    expect(decision.retry === false && decision.error).toBeInstanceOf(RateLimitError);
  });

  it('gives up with the last error once the limit is reached', () => {
    const decision = decideRetry({ kind: 'timeout' }, get, { ...state, retries: 2 });
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.error).toBeInstanceOf(TimeoutError);
    expect(decision.retry === false && decision.error.message).toContain('1234 ms');
    const refused = decideRetry({ kind: 'connection', code: 'ECONNREFUSED', sent: false }, post, {
      ...state,
      retries: 2,
    });
    expect(refused.retry === false && refused.error).toBeInstanceOf(ConnectionError);
  });

  it.each([
    ['timed out', { kind: 'timeout' } as Outcome, post, 'timeout'],
    [
      'lost its connection after sending',
      { kind: 'connection', code: 'ECONNRESET', sent: true } as Outcome,
      post,
      'connection',
    ],
    ['got a 500', api(500), post, 'server-error'],
    ['is write-once and got a 503', api(503), payment, 'server-error'],
    ['got an unreadable 2xx', unreadable, post, 'unreadable-answer'],
    ['was aborted after sending', { kind: 'aborted', sent: true } as Outcome, post, 'aborted'],
  ])('never repeats a write that %s: OutcomeUnknownError', (_name, outcome, spec, reason) => {
    const decision = decideRetry(outcome, spec, state);
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.error).toBeInstanceOf(OutcomeUnknownError);
    expect(decision.retry === false && decision.error).toMatchObject({ reason });
  });

  it('never retries an abort, a redirect, an unreadable GET or a 4xx', () => {
    const cases: [Outcome, typeof get, unknown][] = [
      [{ kind: 'aborted', sent: false }, post, RequestAbortedError],
      [{ kind: 'aborted', sent: true }, get, RequestAbortedError],
      [{ kind: 'redirect', status: 307, locationHost: 'evil.example' }, post, UnexpectedRedirectError],
      [unreadable, get, ResponseValidationError],
      [
        { kind: 'api', error: new ValidationError({ ...where, status: 422 }), retryAfter: undefined },
        get,
        ValidationError,
      ],
    ];
    for (const [outcome, spec, type] of cases) {
      const decision = decideRetry(outcome, spec, state);
      expect(decision.retry).toBe(false);
      expect(decision.retry === false && decision.error).toBeInstanceOf(type);
    }
  });

  it('names the status and the Location host of a redirect', () => {
    const decision = decideRetry(
      { kind: 'redirect', status: 308, locationHost: 'evil.example:8443' },
      post,
      state,
    );
    expect(decision.retry === false && decision.error).toMatchObject({
      status: 308,
      locationHost: 'evil.example:8443',
    });
    expect(decision.retry === false && decision.error.message).toMatch(/308.*evil\.example:8443/);
  });
});
