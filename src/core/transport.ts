import type { KyInstance } from 'ky';
import type * as z from 'zod/mini';
import { ConfigurationError } from '../errors/configuration-error';
import { RequestAbortedError } from '../errors/request-aborted-error';
import { type AttemptState, decideRetry, type Outcome } from './decide-retry';
import type { Priority, RateLimiter } from './limiter';
import { loadKy } from './load-ky';
import { loadOnce } from './load-once';
import { loadSchemas } from '../load-schemas';
import type { Logger } from './logger';
import { buildQuery, type QueryValue } from './path';
import type { PlatformConfig } from './platform';
import type { readAnswer } from './read-answer';
import { createRedactor } from './redact';
import type { NormalizedRetry } from './retry';

// What ky is for here: it serialises the JSON body (and its content type), merges headers, calls
// the injected `fetch` and times out the wait for the answer's headers. It is loaded on the first request, not at import, so a cold start that never
// calls Altegio (a webhook route, a CLI) does not pay for it and Node's fetch engine.
// The transport owns what ky could otherwise do, because ky cannot know it:
// - retries: whether a write may be repeated depends on whether it left the machine (a refused
//   connection) and on the endpoint (write-once payments), and a 200 with `success: false` is an error;
// - timeout: the attempt's budget covers reading the body too (what ky's timeout left of it), and
//   "sent, then timed out" is told from "never sent";
// - HTTP errors: Altegio's envelope, not the status alone, says what failed.
// - redirects: never followed (see `readAnswer`), so a body with a CRM token or API key goes nowhere else.

/** Which authorization scheme an endpoint uses: partner only, or partner plus the app's user token. */
export type AuthScheme = 'partner' | 'partnerUser';

/** One request, as a resource method describes it. */
export interface RequestSpec<Schema extends z.core.$ZodType = z.core.$ZodType> {
  method: 'GET' | 'POST';
  /**
   * `app`: partner host (`appBaseUrl`); `api`: REST API v1 (`apiBaseUrl`); `application`: the
   * `/marketplace/application/*` group of tariffs, discounts, payment links and channels (`applicationBaseUrl`).
   */
  host: 'app' | 'api' | 'application';
  /** Path built with the `path` tag. */
  path: string;
  /**
   * `partnerUser` needs the client's user token: without one the call fails with
   * `ConfigurationError` before anything is sent (there is no fallback to partner-only auth).
   * @default 'partner'
   */
  auth?: AuthScheme;
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Validates the envelope's `data` (a zod/mini schema, or any `z.core.$ZodType`); without it `data` is
   * ignored and the call resolves to `undefined`.
   */
  schema?: Schema;
  /** @default 'normal' */
  priority?: Priority;
  /**
   * `manual`: this endpoint's 3xx is its answer, returned with its `Location`. Without it a 3xx is an
   * `UnexpectedRedirectError`. No request ever follows a redirect.
   */
  redirect?: 'manual';
  /** Request-specific secrets (CRM token, API key) to redact from errors and logs. */
  secrets?: readonly (string | number | undefined)[];
  /**
   * A write that must never reach Altegio twice (payment, refund, activation): a 503 throws
   * `OutcomeUnknownError` instead of being retried, since a proxy may answer 503 after the back end
   * processed it. Only 429 and a refused connection are retried.
   */
  writeOnce?: boolean;
  /** Extra advice for the error message of a status, e.g. what a 404 means for this endpoint. */
  hints?: Readonly<Partial<Record<number, string>>>;
  /** Aborts the call: `RequestAbortedError` (or `OutcomeUnknownError` for a write already sent), no retry. */
  signal?: AbortSignal | undefined;
}

/** What a request resolved to, when the caller needs more than the data. */
export interface RawResult<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Sends requests to Altegio; the only module that talks to ky. */
export interface Transport {
  request<Schema extends z.core.$ZodType = z.ZodMiniVoid>(
    spec: RequestSpec<Schema>,
  ): Promise<z.output<Schema>>;
  requestRaw<Schema extends z.core.$ZodType = z.ZodMiniVoid>(
    spec: RequestSpec<Schema>,
  ): Promise<RawResult<z.output<Schema>>>;
}

/** Per-attempt timeouts in ms; a number sets both. */
export type Timeouts = number | Readonly<{ read: number; write: number }>;

export interface TransportOptions {
  partnerToken: string;
  userToken: string | undefined;
  platform: PlatformConfig;
  timeout: Timeouts;
  retry: NormalizedRetry;
  limiter: RateLimiter | null;
  fetch: typeof globalThis.fetch | undefined;
  logger: Logger | undefined;
}

// Connection failures that happen before a byte of the request left the machine.
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

type Redact = (value: unknown) => unknown;
type Sent = Outcome | { kind: 'ok'; result: RawResult<unknown> };

/** Waits `ms`, or until `signal` aborts (resolving `false`). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve(!signal?.aborted);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** ky, once loaded: the instance the transport sends with and ky's timeout error. */
interface Ky {
  send: KyInstance;
  TimeoutError: typeof import('ky').TimeoutError;
  /** From the schema chunk, loaded with ky: reading an answer validates it with zod/mini. */
  readAnswer: typeof readAnswer;
}

/** What one attempt needs of its client: ky, once loaded, and the header values. */
interface Wire {
  http: () => Promise<Ky>;
  /** ky once loaded, so that later attempts skip a promise hop. */
  loaded: Ky | undefined;
  accept: string;
  partnerAuth: string;
  userAuth: string | undefined;
}

const utf8 = new TextDecoder();

/** Thrown by `readText` when the body is not read in time. */
const bodyTimedOut = Symbol('bodyTimedOut');

/**
 * Reads the whole body as UTF-8 text within `ms`; past it the stream is cancelled (the connection is
 * dropped) and the read rejects with `bodyTimedOut`. A caller's abort errors the stream through the
 * request's signal.
 */
async function readText(response: Response, ms: number): Promise<string> {
  const stream = response.body;
  if (!stream) return '';
  const reader = stream.getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, ms);
  try {
    const first = await reader.read();
    if (timedOut) throw bodyTimedOut;
    if (first.done) return '';
    let next = await reader.read();
    if (timedOut) throw bodyTimedOut;
    // Most answers arrive in one chunk: decoded whole, by the shared stateless decoder.
    if (next.done) return utf8.decode(first.value);
    const decoder = new TextDecoder();
    let text = decoder.decode(first.value, { stream: true });
    while (!next.done) {
      text += decoder.decode(next.value, { stream: true });
      next = await reader.read();
      if (timedOut) throw bodyTimedOut;
    }
    return text + decoder.decode();
  } catch (error) {
    throw timedOut ? bodyTimedOut : error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One attempt: send, then read the whole answer, within the attempt's timeout. Until the answer's
 * headers arrive the timeout is ky's; then the rest of it bounds reading the body. ky gets the caller's
 * signal only when there is one: a signal of our own would make ky combine two signals on every call.
 */
async function send(
  wire: Wire,
  spec: RequestSpec,
  url: string,
  timeout: number,
  redact: Redact,
): Promise<Sent> {
  const deadline = Date.now() + timeout;
  const headers: Record<string, string> = {
    Accept: wire.accept,
    // requestRaw refuses a partnerUser call without a user token before any attempt.
    Authorization: (spec.auth === 'partnerUser' ? wire.userAuth : wire.partnerAuth) as string,
  };
  // With a body (ky would set it too), and on every call to the REST API host, GETs included: Altegio's
  // OpenAPI bundle declares it required there (hooks_settings, countries, cities, business types).
  if (spec.body !== undefined || spec.host === 'api') headers['Content-Type'] = 'application/json';
  let sent = false;
  let ky: Ky | undefined;
  try {
    ky = wire.loaded ?? (await wire.http());
    if (spec.signal?.aborted) return { kind: 'aborted', sent: false };
    const left = deadline - Date.now();
    if (left <= 0) return { kind: 'timeout' };
    sent = true;
    // ky refuses a timeout above the largest timer delay. ky merges every option key on every call (a
    // few hundred ns each), so only the keys that differ from ky's defaults are passed: GET is its method.
    const options: Parameters<KyInstance>[1] = { headers, timeout: Math.min(left, 2_147_483_647) };
    if (spec.method !== 'GET') options.method = spec.method;
    if (spec.signal) options.signal = spec.signal;
    if (spec.body !== undefined) options.json = spec.body;
    const response = await ky.send(url, options);
    const text = await readText(response, Math.max(0, deadline - Date.now()));
    const answer = ky.readAnswer(spec, response, text, redact);
    if (answer.kind !== 'ok') return answer;
    return { kind: 'ok', result: { data: answer.data, status: answer.status, headers: answer.headers } };
  } catch (error) {
    if (error === bodyTimedOut || (ky && error instanceof ky.TimeoutError)) return { kind: 'timeout' };
    if (spec.signal?.aborted) return { kind: 'aborted', sent };
    const code = errorCode(error);
    // ky failed to load: nothing left the machine.
    if (!sent) return { kind: 'connection', code, sent: false };
    // Only a refusal before connecting proves nothing was sent; anything else may have reached Altegio.
    return { kind: 'connection', code, sent: !(code !== undefined && notSentCodes.has(code)) };
  }
}

/** Creates the transport of one client. Tokens live only in this closure, never on an object. */
export function createTransport(options: TransportOptions): Transport {
  const { platform, retry, limiter, logger } = options;
  const timeouts =
    typeof options.timeout === 'number' ? { read: options.timeout, write: options.timeout } : options.timeout;
  // ky with everything it would decide turned off: the transport decides (see the top of this file).
  // Each attempt passes its own `timeout`; `totalTimeout` is off by default. A failed load is tried
  // again on the next request.
  const client = loadOnce(() =>
    Promise.all([loadKy(), loadSchemas()])
      .then(([{ default: ky, TimeoutError }, { readAnswer }]) => ({
        TimeoutError,
        readAnswer,
        send: ky.create({
          retry: 0,
          throwHttpErrors: false,
          redirect: 'manual',
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      }))
      .then((instance) => {
        wire.loaded = instance;
        return instance;
      }),
  );
  const partnerAuth = `Bearer ${options.partnerToken}`;
  const userAuth = options.userToken ? `${partnerAuth}, User ${options.userToken}` : undefined;
  const wire: Wire = { http: client, loaded: undefined, accept: platform.accept, partnerAuth, userAuth };
  const baseSecrets = [options.partnerToken, options.userToken];

  const log = (level: keyof Logger, message: string, data: Record<string, unknown>, redact: Redact) => {
    // The client passes a guarded logger (see guardLogger): a throwing one cannot fail the request.
    logger?.[level]?.(message, redact(data) as Record<string, unknown>);
  };

  // `request` resolves to the data itself rather than chaining on `requestRaw`: one promise less per call.
  async function run(spec: RequestSpec, dataOnly: boolean): Promise<unknown> {
    const where = { method: spec.method, path: spec.path };
    if (spec.auth === 'partnerUser' && !userAuth) {
      throw new ConfigurationError(
        'userToken',
        `${spec.method} ${spec.path} uses Partner+User auth: pass \`userToken\` to createAltegioClient or set ALTEGIO_USER_TOKEN (app settings → Access to the API → User token).`,
      );
    }
    // Built on first use: only an error or a log line copies data, so a plain success never pays for it.
    let redactor: Redact | undefined;
    const redact: Redact = (value) => {
      redactor ??= createRedactor(spec.secrets ? [...baseSecrets, ...spec.secrets] : baseSecrets);
      return redactor(value);
    };
    const base =
      spec.host === 'app'
        ? platform.appBaseUrl
        : spec.host === 'api'
          ? platform.apiBaseUrl
          : (platform.applicationBaseUrl ?? platform.appBaseUrl);
    const query = spec.query ? buildQuery(spec.query) : '';
    const url = `${base}${spec.path}${query ? `?${query}` : ''}`;
    const timeout = spec.method === 'GET' ? timeouts.read : timeouts.write;
    for (let retries = 0; ; retries++) {
      if (spec.signal?.aborted) throw new RequestAbortedError(where);
      const release = limiter ? await limiter.acquire(spec.priority ?? 'normal') : undefined;
      const started = Date.now();
      if (logger?.debug) log('debug', 'altegio request', { ...where, attempt: retries + 1 }, redact);
      let outcome: Sent;
      try {
        outcome = await send(wire, spec, url, timeout, redact);
      } finally {
        // Counted from the answer, not from the send: see RateLimiter.
        release?.();
      }
      if (outcome.kind === 'ok') {
        if (logger?.debug) {
          const ms = Date.now() - started;
          log('debug', 'altegio response', { ...where, status: outcome.result.status, ms }, redact);
        }
        return dataOnly ? outcome.result.data : outcome.result;
      }
      const state: AttemptState = { retries, retry, timeout };
      const decision = decideRetry(outcome, spec, state);
      if (!decision.retry) {
        log('error', 'altegio request failed', { ...where, error: decision.error.message }, redact);
        throw decision.error;
      }
      log('warn', 'altegio retry', { ...where, reason: decision.reason, delayMs: decision.delay }, redact);
      if (!(await sleep(decision.delay, spec.signal))) throw new RequestAbortedError(where);
    }
  }

  return {
    requestRaw: ((spec: RequestSpec) => run(spec, false)) as Transport['requestRaw'],
    request: ((spec: RequestSpec) => run(spec, true)) as Transport['request'],
  };
}
