import type { KyInstance } from 'ky';
import type * as z from 'zod';
import type { AltegioApiError } from '../errors/altegio-api-error';
import { ConnectionError } from '../errors/connection-error';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error';
import { ResponseValidationError } from '../errors/response-validation-error';
import { TimeoutError } from '../errors/timeout-error';
import { createApiError } from './api-error';
import { loadKy } from './load-ky';
import type { RateLimiter, Priority } from './limiter';
import type { Logger } from './logger';
import { buildQuery, type QueryValue } from './path';
import type { PlatformConfig } from './platform';
import { createRedactor } from './redact';
import { backoff, type NormalizedRetry, parseRetryAfter } from './retry';

/** Which authorization scheme an endpoint uses (reference §2.2). */
export type AuthScheme = 'partner' | 'partnerUser';

/** One request, as a resource method describes it. */
export interface RequestSpec<Schema extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST';
  /** `app`: partner host (`appBaseUrl`); `api`: REST API v1 (`apiBaseUrl`). */
  host: 'app' | 'api';
  /** Path built with the `path` tag. */
  path: string;
  /** @default 'partner' */
  auth?: AuthScheme;
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  body?: unknown;
  /** Validates the envelope's `data`; without it `data` is ignored and the call resolves to `undefined`. */
  schema?: Schema;
  /** @default 'normal' */
  priority?: Priority;
  /** `manual` returns a 3xx answer (and its `Location`) instead of following it. */
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
}

/** What a request resolved to, when the caller needs more than the data. */
export interface RawResult<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Sends requests to Altegio; the only module that talks to ky. */
export interface Transport {
  request<Schema extends z.ZodType = z.ZodVoid>(spec: RequestSpec<Schema>): Promise<z.output<Schema>>;
  requestRaw<Schema extends z.ZodType = z.ZodVoid>(
    spec: RequestSpec<Schema>,
  ): Promise<RawResult<z.output<Schema>>>;
}

export interface TransportOptions {
  partnerToken: string;
  userToken: string | undefined;
  platform: PlatformConfig;
  timeout: number;
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Attempt =
  | { kind: 'ok'; result: RawResult<unknown> }
  | { kind: 'api'; error: AltegioApiError; retryAfter: number | undefined }
  | { kind: 'timeout' }
  | { kind: 'connection'; code: string | undefined; sent: boolean }
  | { kind: 'fatal'; error: ResponseValidationError };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates the transport of one client. Tokens live only in this closure, never on an object. */
export function createTransport(options: TransportOptions): Transport {
  const { platform, timeout, retry, limiter, logger } = options;
  // The attempt's timeout is our own abort timer, so that it covers reading the body too.
  // ky (and with it the runtime's fetch engine) loads on the first request, not at import.
  let http: Promise<KyInstance> | undefined;
  const loadHttp = () =>
    (http ??= loadKy().then(({ default: ky }) =>
      ky.create({
        timeout: false,
        totalTimeout: false,
        retry: 0,
        throwHttpErrors: false,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ));
  const partnerAuth = `Bearer ${options.partnerToken}`;
  const userAuth = options.userToken ? `${partnerAuth}, User ${options.userToken}` : undefined;
  const baseSecrets = [options.partnerToken, options.userToken];

  const log = (
    level: keyof Logger,
    message: string,
    data: Record<string, unknown>,
    redact: (v: unknown) => unknown,
  ) => {
    // The client passes a guarded logger (see guardLogger): a throwing one cannot fail the request.
    logger?.[level]?.(message, redact(data) as Record<string, unknown>);
  };

  async function attempt(spec: RequestSpec, url: string, redact: (v: unknown) => unknown): Promise<Attempt> {
    const auth = spec.auth ?? 'partner';
    const headers: Record<string, string> = {
      Accept: platform.accept,
      Authorization: auth === 'partnerUser' && userAuth ? userAuth : partnerAuth,
    };
    const send = await loadHttp(); // outside the try below: a missing ky is not a connection error
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      let response: Response;
      try {
        response = await send(url, {
          method: spec.method,
          headers,
          signal: controller.signal,
          ...(spec.body === undefined ? {} : { json: spec.body }),
          ...(spec.redirect ? { redirect: spec.redirect } : {}),
        });
      } catch (error) {
        if (controller.signal.aborted) return { kind: 'timeout' };
        const code = errorCode(error);
        // Only a refusal before connecting proves nothing was sent; anything else may have reached Altegio.
        return { kind: 'connection', code, sent: !(code !== undefined && notSentCodes.has(code)) };
      }
      return await readAnswer(spec, response, redact, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  async function readAnswer(
    spec: RequestSpec,
    response: Response,
    redact: (v: unknown) => unknown,
    signal: AbortSignal,
  ): Promise<Attempt> {
    const { status, headers } = response;
    const text = await response.text().catch(() => undefined);
    if (text === undefined)
      return signal.aborted ? { kind: 'timeout' } : { kind: 'connection', code: undefined, sent: true };
    if (spec.redirect === 'manual' && status >= 300 && status < 400) {
      return { kind: 'ok', result: { data: undefined, status, headers } };
    }
    let json: unknown;
    let isJson = true;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        isJson = false;
      }
    }
    const ok = status >= 200 && status < 300;
    const envelope = isRecord(json) ? json : undefined;
    const base = { method: spec.method, path: spec.path };
    if (!ok || envelope?.success === false) {
      const meta = isRecord(envelope?.meta) ? envelope.meta : undefined;
      const yc = isRecord(envelope?.errors) ? envelope.errors : undefined;
      const apiMessage =
        typeof meta?.message === 'string'
          ? meta.message
          : typeof yc?.message === 'string'
            ? yc.message
            : undefined;
      const code = typeof yc?.code === 'number' || typeof yc?.code === 'string' ? yc.code : undefined;
      const contentType = headers.get('content-type') ?? 'no content type';
      const hint =
        spec.hints?.[status] ??
        defaultHint(status, spec.auth ?? 'partner') ??
        (isJson ? undefined : `The answer was not JSON (${contentType}); check the platform base URLs`);
      const error = createApiError(
        {
          ...base,
          status,
          apiMessage: apiMessage === undefined ? undefined : (redact(apiMessage) as string),
          errors: redact(meta?.errors ?? envelope?.errors),
          code,
          body: isJson ? redact(json) : (redact(text) as string).slice(0, 500),
          hint,
        },
        parseRetryAfter(headers.get('retry-after')),
      );
      return { kind: 'api', error, retryAfter: parseRetryAfter(headers.get('retry-after')) };
    }
    const fail = (detail: string, issues: ResponseValidationError['issues'] = []) => ({
      kind: 'fatal' as const,
      error: new ResponseValidationError({
        ...base,
        status,
        issues,
        detail,
        body: isJson ? redact(json) : (redact(text) as string).slice(0, 500),
      }),
    });
    if (!isJson) {
      return fail(
        `the body is not JSON (${headers.get('content-type') ?? 'no content type'}). Is the platform base URL right?`,
      );
    }
    if (json !== undefined && !envelope) return fail('expected a JSON object {success, data, meta}.');
    let data: unknown;
    if (spec.schema) {
      const parsed = spec.schema.safeParse(envelope?.data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
        const first = issues[0];
        return fail(
          `data does not match the documented shape${first ? ` (${['data', ...first.path].join('.')}: ${first.message})` : ''}.`,
          issues,
        );
      }
      data = parsed.data;
    }
    return { kind: 'ok', result: { data, status, headers } };
  }

  async function requestRaw(spec: RequestSpec): Promise<RawResult<unknown>> {
    const redact = createRedactor([...baseSecrets, ...(spec.secrets ?? [])]);
    const base = spec.host === 'app' ? platform.appBaseUrl : platform.apiBaseUrl;
    const query = spec.query ? buildQuery(spec.query) : '';
    const url = `${base}${spec.path}${query ? `?${query}` : ''}`;
    const isGet = spec.method === 'GET';
    for (let retryNumber = 0; ; retryNumber++) {
      const release = limiter ? await limiter.acquire(spec.priority ?? 'normal') : undefined;
      const started = Date.now();
      log(
        'debug',
        'altegio request',
        { method: spec.method, path: spec.path, attempt: retryNumber + 1 },
        redact,
      );
      let outcome: Attempt;
      try {
        outcome = await attempt(spec, url, redact);
      } finally {
        // Counted from the answer, not from the send: see RateLimiter.
        release?.();
      }
      const ms = Date.now() - started;
      if (outcome.kind === 'ok') {
        log(
          'debug',
          'altegio response',
          { method: spec.method, path: spec.path, status: outcome.result.status, ms },
          redact,
        );
        return outcome.result;
      }
      if (outcome.kind === 'fatal') {
        // A write answered 2xx was processed, but its result (e.g. a payment id) is unreadable:
        // the caller must check the state rather than send it again.
        if (!isGet) {
          throw new OutcomeUnknownError({
            ...pick(spec),
            reason: 'unreadable-answer',
            status: outcome.error.status,
          });
        }
        throw outcome.error;
      }

      // Decide: may this failure be retried, and if not, what does the caller get?
      let retryable: boolean;
      let final: Error;
      let wait: number | undefined;
      if (outcome.kind === 'api') {
        const { status } = outcome.error;
        const notProcessed = status === 429 || (status === 503 && !spec.writeOnce);
        if (!isGet && status >= 500 && !notProcessed) {
          throw new OutcomeUnknownError({ ...pick(spec), reason: 'server-error', status });
        }
        retryable = notProcessed || (isGet && status >= 500);
        final = outcome.error;
        wait = outcome.retryAfter;
        if (wait !== undefined && wait > retry.maxRetryAfter) retryable = false;
      } else if (outcome.kind === 'timeout') {
        if (!isGet) throw new OutcomeUnknownError({ ...pick(spec), reason: 'timeout' });
        retryable = true;
        final = new TimeoutError({ ...pick(spec), timeout });
      } else {
        if (!isGet && outcome.sent) throw new OutcomeUnknownError({ ...pick(spec), reason: 'connection' });
        retryable = true;
        final = new ConnectionError({ ...pick(spec), code: outcome.code });
      }
      if (!retryable || retryNumber >= retry.limit) {
        log(
          'error',
          'altegio request failed',
          { method: spec.method, path: spec.path, error: final.message },
          redact,
        );
        throw final;
      }
      const delay = wait ?? backoff(retry, retryNumber);
      log(
        'warn',
        'altegio retry',
        { method: spec.method, path: spec.path, reason: final.name, delayMs: delay },
        redact,
      );
      await sleep(delay);
    }
  }

  return {
    requestRaw: requestRaw as Transport['requestRaw'],
    request: ((spec: RequestSpec) => requestRaw(spec).then((result) => result.data)) as Transport['request'],
  };
}

const pick = (spec: RequestSpec) => ({ method: spec.method, path: spec.path });

function defaultHint(status: number, auth: AuthScheme): string | undefined {
  switch (status) {
    case 401:
      return auth === 'partnerUser'
        ? 'Check partnerToken (ALTEGIO_PARTNER_TOKEN) and userToken (ALTEGIO_USER_TOKEN), and that `platform` matches the account (altegio or yclients)'
        : 'Check partnerToken (ALTEGIO_PARTNER_TOKEN) and that `platform` matches the account (altegio or yclients)';
    case 403:
      return 'The token has no access here: check applicationId (ALTEGIO_APPLICATION_ID) and that the app is installed in this location';
    case 422:
      return 'Altegio rejected the parameters; see `errors`';
    case 429:
      return "Altegio allows 200 requests a minute or 5 a second per IP; keep the client's rateLimit on";
    default:
      return undefined;
  }
}
