import { DEFAULTS } from '../../core/defaults';
import type { RateLimitOptions } from '../../core/limiter';
import { platforms } from '../../core/platform';
import { isApplicationId, isPartnerToken, RULE_MESSAGES } from '../../core/rules';
import { ConfigurationError } from '../../errors/configuration-error';
import type { ConnectRedirectUrlOptions } from '../redirect';
import { isRecord, need, needUrl } from './check';
import type { FakeInstallationStatus } from './types';

// The fake's options, and their normalisation: checked once, defaults filled in, a new object.

/** Options of {@link createFakeAltegio}. */
export interface FakeAltegioOptions {
  /** The partner token the fake accepts as `Authorization: Bearer <partnerToken>`. */
  partnerToken: string;
  /** The application id the fake serves; other ids get 403 "No application access". */
  applicationId: number;
  /**
   * The user token accepted on Partner+User endpoints (`GET /voip/integration/calls`, `hooks_settings`).
   * @default any non-empty user token
   */
  userToken?: string | undefined;
  /**
   * The vendor's "Callback url": lifecycle webhooks (`uninstall`, `freeze`, `payment`) are POSTed here.
   * @default none: deliveries are recorded with the error `no callbackUrl configured`
   */
  callbackUrl?: string | undefined;
  /**
   * Base URL of the partner host the msw handlers intercept.
   * @default the `appBaseUrl` of `platforms[DEFAULTS.platform]` (`'https://app.alteg.io'`)
   */
  appBaseUrl?: string | undefined;
  /**
   * Base URL of the REST API v1 the msw handlers intercept.
   * @default the `apiBaseUrl` of `platforms[DEFAULTS.platform]` (`'https://api.alteg.io/api/v1'`)
   */
  apiBaseUrl?: string | undefined;
  /**
   * The `Accept` media type required on every call; other values get 406.
   * @default the `accept` of `platforms[DEFAULTS.platform]` (`'application/vnd.api.v2+json'`)
   */
  accept?: string | undefined;
  /** Clock for the activation window, timestamps and refund-driven disable. @default () => new Date() */
  now?: (() => Date) | undefined;
  /**
   * How long after the grant a pending link may be activated. Altegio's back end keeps a pending link
   * for 12 hours (its guide still says 1 hour).
   * @default 43_200_000 (12 hours)
   */
  activationWindowMs?: number | undefined;
  /**
   * Altegio's limit per IP, counted over sliding windows of real time; beyond it the fake answers 429
   * with `Retry-After`. `false` turns it off.
   * @default {@link DEFAULTS}`.rateLimit`: `{ perSecond: 5, perMinute: 200 }`, the client's own limit
   */
  rateLimit?: FakeRateLimit | false | undefined;
  /** `fetch` used to send lifecycle webhooks. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Tariffs answered by `GET /marketplace/application/{id}/tariffs`.
   * @default one "1 month" tariff with one option (id 123, "Solo professional")
   */
  tariffs?: unknown[] | undefined;
}

/**
 * Altegio's request limit as the fake enforces it: the same shape (and defaults) as the client's
 * `rateLimit` option.
 */
export type FakeRateLimit = RateLimitOptions;

/** Options of `fake.pay`. */
export interface FakePayOptions {
  /** `amount` paid. */
  amount: number;
  /** `currency_iso`. @default 'USD' */
  currencyIso?: string | undefined;
  /** `discount` in percent. @default null */
  discount?: number | undefined;
  /** `tariff_option_id`. @default null */
  tariffOptionId?: number | undefined;
  /** `payment_date`. @default the fake's now */
  paymentDate?: string | undefined;
  /** `period_from`. @default the fake's now */
  periodFrom?: string | undefined;
  /** `period_to`. @default the fake's now */
  periodTo?: string | undefined;
}

/**
 * Options of `fake.grantAccess`: what the user picked when clicking Connect. The redirect options of
 * `buildConnectRedirectUrl`, signed with the fake's partner token.
 */
export interface GrantAccessOptions extends Omit<ConnectRedirectUrlOptions, 'partnerToken' | 'crmToken'> {
  /**
   * The chain's CRM token.
   * @default a new UUID when `chainId` is given, else none
   */
  crmToken?: string | undefined;
  /** The vendor's "Registration redirect url". */
  registrationUrl: string | URL;
}

/** Options of `fake.addInstallation`: a location put straight into a state. */
export interface AddInstallationOptions {
  /** The location. */
  locationId: number;
  /** Its link status. @default 'active' */
  status?: Exclude<FakeInstallationStatus, 'uninstalled'> | undefined;
  /** The chain (`salon_group_id`). @default none */
  chainId?: number | undefined;
  /**
   * The chain's CRM token: the location joins that chain.
   * @default a new UUID when `chainId` is given, else none (no telephony)
   */
  crmToken?: string | undefined;
  /** The chain's telephony switch. @default unchanged (off for a new chain) */
  telephonyEnabled?: boolean | undefined;
}

/** The options with every default filled in. @internal */
export interface ResolvedOptions {
  readonly partnerToken: string;
  readonly applicationId: number;
  readonly userToken: string | undefined;
  readonly callbackUrl: string | undefined;
  readonly appBaseUrl: string;
  readonly apiBaseUrl: string;
  readonly accept: string;
  readonly now: () => Date;
  readonly activationWindowMs: number;
  readonly rateLimit: Required<RateLimitOptions> | false;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly tariffs: readonly unknown[];
}

/** How long a pending link waits for activation on Altegio's back end (12 hours). */
const ACTIVATION_WINDOW_MS = 43_200_000;

const DEFAULT_TARIFFS = [
  {
    id: 89,
    title: '1 month',
    options: [
      {
        id: 123,
        title: 'Solo professional',
        overall_price: 500,
        duration_in_months: 1,
        currency_iso: 'USD',
        staff_amount: 1,
        free_period_in_months: 0,
      },
    ],
  },
];

const METHOD = 'createFakeAltegio';
const trimSlash = (url: string) => url.replace(/\/+$/, '');
const isLimit = (value: unknown) => value === undefined || (Number.isSafeInteger(value) && Number(value) > 0);
const isOptional = (value: unknown, type: 'string' | 'function') =>
  value === undefined || typeof value === type;

function resolveRateLimit(value: unknown): Required<RateLimitOptions> | false {
  if (value === false) return false;
  need(
    value === undefined || isRecord(value),
    METHOD,
    'rateLimit',
    'expected { perSecond?, perMinute? } or false',
  );
  const rate = (value ?? {}) as RateLimitOptions;
  need(isLimit(rate.perSecond), METHOD, 'rateLimit.perSecond', 'expected a positive integer');
  need(isLimit(rate.perMinute), METHOD, 'rateLimit.perMinute', 'expected a positive integer');
  return {
    perSecond: rate.perSecond ?? DEFAULTS.rateLimit.perSecond,
    perMinute: rate.perMinute ?? DEFAULTS.rateLimit.perMinute,
  };
}

/**
 * Checks the options once and fills in the defaults.
 * @throws {ConfigurationError} naming the first option at fault.
 */
export function resolveOptions(options: FakeAltegioOptions): ResolvedOptions {
  if (!isRecord(options)) {
    throw new ConfigurationError(
      'options',
      `${METHOD} takes an options object, e.g. ${METHOD}({ partnerToken: 'test-partner-token', applicationId: 123 }).`,
    );
  }
  const o = options as unknown as Record<string, unknown>;
  need(isPartnerToken(o.partnerToken), METHOD, 'partnerToken', RULE_MESSAGES.partnerToken);
  need(isApplicationId(o.applicationId), METHOD, 'applicationId', RULE_MESSAGES.applicationId);
  need(
    o.userToken === undefined || isPartnerToken(o.userToken),
    METHOD,
    'userToken',
    RULE_MESSAGES.partnerToken,
  );
  for (const option of ['callbackUrl', 'appBaseUrl', 'apiBaseUrl']) needUrl(o[option], METHOD, option);
  need(isOptional(o.accept, 'string') && o.accept !== '', METHOD, 'accept', 'expected a media type string');
  need(isOptional(o.now, 'function'), METHOD, 'now', 'expected a function that returns a Date');
  need(isOptional(o.fetch, 'function'), METHOD, 'fetch', 'expected a fetch function');
  const window = o.activationWindowMs;
  need(
    window === undefined || (typeof window === 'number' && Number.isFinite(window) && window >= 0),
    METHOD,
    'activationWindowMs',
    'expected a number of milliseconds, 0 or more',
  );
  need(
    o.tariffs === undefined || Array.isArray(o.tariffs),
    METHOD,
    'tariffs',
    'expected an array of tariffs',
  );
  const preset = platforms[DEFAULTS.platform];
  return {
    partnerToken: options.partnerToken,
    applicationId: options.applicationId,
    userToken: options.userToken,
    callbackUrl: options.callbackUrl,
    appBaseUrl: trimSlash(options.appBaseUrl ?? preset.appBaseUrl),
    apiBaseUrl: trimSlash(options.apiBaseUrl ?? preset.apiBaseUrl),
    accept: options.accept ?? preset.accept,
    now: options.now ?? (() => new Date()),
    activationWindowMs: options.activationWindowMs ?? ACTIVATION_WINDOW_MS,
    rateLimit: resolveRateLimit(options.rateLimit),
    fetch: options.fetch,
    tariffs: options.tariffs ?? DEFAULT_TARIFFS,
  };
}
