import type { ClientContext } from './core/context';
import { isValidTimeZone } from './core/dates';
import { DEFAULTS, MAX_DELAY } from './core/defaults';
import { processEnv } from './core/env';
import { RateLimiter, type RateLimitOptions } from './core/limiter';
import { guardLogger, type Logger } from './core/logger';
import { type PlatformConfig, type PlatformName, resolvePlatform } from './core/platform';
import type { NormalizedRetry, RetryOptions } from './core/retry';
import { isApplicationId, isPartnerToken } from './core/rules';
import { createTransport, type Timeouts } from './core/transport';
import { type ConnectOptions, type ConnectReport, connect } from './connect/connect';
import type { ConnectTarget } from './connect/connect-target';
import { ConfigurationError } from './errors/configuration-error';
import { Marketplace } from './marketplace/marketplace';
import { Telephony } from './telephony/telephony';
// --- dictionaries resource ---
import { Dictionaries } from './dictionaries/dictionaries';
import { storeServices } from './store/services';
import type { LedgerOptions } from './store/ledger';
import type { Store } from './store/store';

/** Options of {@link createAltegioClient}. Every field has an env fallback or a default. */
export interface AltegioClientOptions {
  /**
   * Bearer token of your developer account ("partner token"). Falls back to `ALTEGIO_PARTNER_TOKEN`.
   * @default env.ALTEGIO_PARTNER_TOKEN (required one way or the other)
   */
  partnerToken?: string | undefined;
  /**
   * Your Marketplace application id (`application_id`). Falls back to `ALTEGIO_APPLICATION_ID`.
   * @default Number(env.ALTEGIO_APPLICATION_ID) (required one way or the other)
   */
  applicationId?: number | undefined;
  /**
   * Token of the app's system user, needed only by Partner+User endpoints (`telephony.listCalls`).
   * Falls back to `ALTEGIO_USER_TOKEN`; without either, those endpoints throw `ConfigurationError`.
   * @default env.ALTEGIO_USER_TOKEN (none)
   */
  userToken?: string | undefined;
  /**
   * Which Altegio to talk to: a brand preset or explicit hosts. With a preset, `ALTEGIO_APP_BASE_URL`,
   * `ALTEGIO_API_BASE_URL` and `ALTEGIO_APPLICATION_BASE_URL` override its hosts (handy to point a
   * backend at the fake Altegio).
   * @default {@link DEFAULTS}`.platform` (`'altegio'`)
   */
  platform?: PlatformName | PlatformConfig | undefined;
  /**
   * Milliseconds each attempt may take, from sending the request to reading the whole answer, before
   * it is abandoned (at most 2147483647). A number sets reads and writes alike; `{ read, write }` sets
   * them apart (either may be left out). Writes get longer by default, so that a slow payment is less
   * often "outcome unknown".
   * @default {@link DEFAULTS}`.timeout`: `{ read: 10000, write: 30000 }`
   */
  timeout?:
    | number
    | {
        /** Per attempt of a GET. @default 10000 */
        read?: number | undefined;
        /** Per attempt of a POST. @default 30000 */
        write?: number | undefined;
      }
    | undefined;
  /**
   * Retry policy: a number is the retry limit; `0` turns retries off. GETs are retried after network
   * errors, timeouts, 429 and 5xx; writes only when Altegio certainly did not process them (connection
   * refused, 429, and 503 except for payments, refunds and activations). Other 4xx answers and
   * malformed answers are never retried.
   * @default {@link DEFAULTS}`.retry`: `{ limit: 2, initialDelay: 500, maxDelay: 8000, maxRetryAfter: 60000 }`
   */
  retry?: number | RetryOptions | undefined;
  /**
   * Client-side limiter shared by all calls of this client; `false` turns it off. Call notifications
   * (`telephony.notifyCall`) skip ahead of queued work.
   * @default {@link DEFAULTS}`.rateLimit`: `{ perSecond: 5, perMinute: 200 }`
   */
  rateLimit?: RateLimitOptions | false | undefined;
  /**
   * IANA time zone in which `Date` inputs are written to the wire, e.g. the location's `timezone_name`.
   * @default {@link DEFAULTS}`.timeZone` (`'UTC'`)
   */
  timeZone?: string | undefined;
  /** `fetch` to send requests with (tests, proxies, instrumentation). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch | undefined;
  /** Receives redacted debug, retry and failure records. @default undefined (silent) */
  logger?: Logger | undefined;
  /** Environment to read fallbacks from. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * State shared with the other instances of your backend: the rate-limit budget (every client on the
   * same store shares one 5/s and 200/min) and the payment ledger behind `idempotencyKey`. Use
   * `createRedisStore({ client })` from `altegio-marketplace/redis` when you run several instances.
   * @default an in-memory store of this client (the ledger works within one process; the limit is local)
   */
  store?: Store | undefined;
  /**
   * Timing of the payment ledger behind `idempotencyKey`.
   * @default { waitMs: 15000, claimMs: 30000, settleMs: 10000, retainMs: Infinity }
   */
  ledger?: LedgerOptions | undefined;
}

/** A configured Altegio client; holds no token in any enumerable property. */
export interface AltegioClient {
  /** The application id every call is made for. */
  readonly applicationId: number;
  /** The resolved hosts and `Accept` type. */
  readonly platform: PlatformConfig;
  /** The IANA zone `Date` inputs are formatted in. */
  readonly timeZone: string;
  /** Marketplace partner calls: activation, status, billing, uninstall. */
  readonly marketplace: Marketplace;
  /** Chain telephony (VoIP) calls. */
  readonly telephony: Telephony;
  /** Altegio's reference lists: countries, cities, business types. */
  readonly dictionaries: Dictionaries;
  /**
   * The whole "user clicked Connect" step, safe to repeat: for each location of a parsed redirect,
   * reads the installation; `pending` → `activate`; `active` → reported as already active; `freezed` →
   * reported as frozen; not installed → reported (the user must connect again from the Marketplace).
   * Then, when the redirect carried a `crmToken` and a location is active, `telephony.enable(crmToken)`.
   * One failing location does not hide the others: each outcome, and any error, is in the report.
   *
   * @param redirect what `parseConnectRedirect` returned (`locationIds`, optional `crmToken`).
   * @throws {InvalidInputError} `redirect` has no valid `locationIds`. Per-location errors are reported, not thrown.
   * @example
   * ```ts
   * const redirect = await parseConnectRedirect(req.originalUrl, { partnerToken });
   * const report = await altegio.connect(redirect, { webhookUrls: ['https://example.com/altegio/hooks'] });
   * if (!report.ok) console.warn(report.locations.filter((l) => l.outcome !== 'activated'));
   * ```
   */
  connect(redirect: ConnectTarget, options?: ConnectOptions): Promise<ConnectReport>;
}

function positive(option: string, value: unknown, fallback: number, { allowZero = false } = {}): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_DELAY ||
    (!allowZero && value === 0)
  ) {
    throw new ConfigurationError(
      option,
      `\`${option}\` must be a ${allowZero ? 'non-negative' : 'positive'} number no larger than ${MAX_DELAY}.`,
    );
  }
  return value;
}

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

function checkLogger(logger: unknown): Logger | undefined {
  if (logger === undefined) return undefined;
  const valid =
    typeof logger === 'object' &&
    logger !== null &&
    logLevels.every((level) => {
      const method = (logger as Record<string, unknown>)[level];
      return method === undefined || typeof method === 'function';
    });
  if (!valid) {
    throw new ConfigurationError(
      'logger',
      '`logger` must be an object whose debug/info/warn/error are functions (console fits).',
    );
  }
  return logger as Logger;
}

function normalizeRetry(retry: AltegioClientOptions['retry']): NormalizedRetry {
  const given: RetryOptions = typeof retry === 'number' ? { limit: retry } : (retry ?? {});
  if (typeof given !== 'object')
    throw new ConfigurationError('retry', '`retry` must be a number or { limit, ... }.');
  const limit = positive('retry.limit', given.limit, DEFAULTS.retry.limit, { allowZero: true });
  if (!Number.isInteger(limit))
    throw new ConfigurationError('retry.limit', '`retry.limit` must be an integer.');
  const d = DEFAULTS.retry;
  const zero = { allowZero: true };
  return Object.freeze({
    limit,
    initialDelay: positive('retry.initialDelay', given.initialDelay, d.initialDelay, zero),
    maxDelay: positive('retry.maxDelay', given.maxDelay, d.maxDelay, zero),
    maxRetryAfter: positive('retry.maxRetryAfter', given.maxRetryAfter, d.maxRetryAfter, zero),
  });
}

function normalizeRateLimit(rateLimit: AltegioClientOptions['rateLimit']): RateLimiter | null {
  if (rateLimit === false) return null;
  if (rateLimit !== undefined && (typeof rateLimit !== 'object' || rateLimit === null)) {
    throw new ConfigurationError('rateLimit', '`rateLimit` must be { perSecond, perMinute } or false.');
  }
  const perSecond = positive('rateLimit.perSecond', rateLimit?.perSecond, DEFAULTS.rateLimit.perSecond);
  const perMinute = positive('rateLimit.perMinute', rateLimit?.perMinute, DEFAULTS.rateLimit.perMinute);
  if (!Number.isInteger(perSecond) || !Number.isInteger(perMinute)) {
    throw new ConfigurationError(
      'rateLimit',
      '`rateLimit.perSecond` and `rateLimit.perMinute` must be integers.',
    );
  }
  return new RateLimiter({ perSecond, perMinute });
}

function normalizeTimeout(timeout: AltegioClientOptions['timeout']): Timeouts {
  if (typeof timeout === 'object' && timeout !== null) {
    return Object.freeze({
      read: positive('timeout.read', timeout.read, DEFAULTS.timeout.read),
      write: positive('timeout.write', timeout.write, DEFAULTS.timeout.write),
    });
  }
  if (timeout === undefined) return DEFAULTS.timeout;
  return positive('timeout', timeout, DEFAULTS.timeout.read);
}

function readApplicationId(value: unknown, fromEnv: string | undefined): number {
  const raw = value ?? (fromEnv === undefined || fromEnv === '' ? undefined : Number(fromEnv));
  if (raw === undefined) {
    throw new ConfigurationError(
      'applicationId',
      'Missing applicationId: pass `applicationId` to createAltegioClient or set ALTEGIO_APPLICATION_ID (your Marketplace app id).',
    );
  }
  if (!isApplicationId(raw)) {
    throw new ConfigurationError(
      'applicationId',
      '`applicationId` (or ALTEGIO_APPLICATION_ID) must be a positive integer: the numeric id of your Marketplace app.',
    );
  }
  return raw;
}

/**
 * Creates a client for one Marketplace application.
 *
 * @throws {ConfigurationError} when a token or the application id is missing, or an option is invalid.
 * @example
 * ```ts
 * import { createAltegioClient } from 'altegio-marketplace';
 *
 * const altegio = createAltegioClient({
 *   partnerToken: process.env.ALTEGIO_PARTNER_TOKEN,
 *   applicationId: 123,
 * });
 * const installation = await altegio.marketplace.getInstallation(456);
 * ```
 */
export function createAltegioClient(options: AltegioClientOptions = {}): AltegioClient {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('options', 'createAltegioClient expects an options object.');
  }
  const env = options.env ?? processEnv();
  const partnerToken = options.partnerToken ?? env.ALTEGIO_PARTNER_TOKEN;
  if (!isPartnerToken(partnerToken)) {
    throw new ConfigurationError(
      'partnerToken',
      'Missing partnerToken: pass `partnerToken` to createAltegioClient or set ALTEGIO_PARTNER_TOKEN (developer account → Account settings → Account details).',
    );
  }
  const userToken = options.userToken ?? (env.ALTEGIO_USER_TOKEN || undefined);
  if (userToken !== undefined && !isPartnerToken(userToken)) {
    throw new ConfigurationError(
      'userToken',
      '`userToken` (or ALTEGIO_USER_TOKEN) must be a non-empty string.',
    );
  }
  const applicationId = readApplicationId(options.applicationId, env.ALTEGIO_APPLICATION_ID);
  const timeZone = options.timeZone ?? DEFAULTS.timeZone;
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
    throw new ConfigurationError(
      'timeZone',
      '`timeZone` must be an IANA time zone name, e.g. "UTC" or "America/New_York".',
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigurationError('fetch', '`fetch` must be a fetch-compatible function.');
  }
  const platform = resolvePlatform(options.platform, env);
  const logger = guardLogger(checkLogger(options.logger));
  const timeout = normalizeTimeout(options.timeout);
  // A ledger claim outlives the longest attempt (a write) so a slow payment is not taken over.
  const shared = storeServices(options, {
    applicationId,
    timeout: typeof timeout === 'number' ? timeout : timeout.write,
    logger,
  });
  const transport = createTransport({
    partnerToken,
    userToken,
    platform,
    timeout,
    retry: normalizeRetry(options.retry),
    limiter: shared.limiter(normalizeRateLimit(options.rateLimit)),
    fetch: options.fetch,
    logger,
  });
  const ctx: ClientContext = {
    transport,
    applicationId,
    timeZone,
    logger,
    ledger: shared.ledger,
  };
  const marketplace = new Marketplace(ctx);
  const telephony = new Telephony(ctx);
  const dictionaries = new Dictionaries(ctx);
  return Object.freeze({
    applicationId,
    platform,
    timeZone,
    marketplace,
    telephony,
    dictionaries,
    connect: (redirect: ConnectTarget, connectOptions?: ConnectOptions) =>
      connect({ marketplace, telephony }, redirect, connectOptions),
  });
}
