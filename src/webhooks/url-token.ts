import { hmacSha256Hex, timingSafeEqual } from '../core/crypto';
import { WEBHOOK_DEFAULTS } from '../core/defaults';
import { isLocationId } from '../core/rules';
import { ConfigurationError } from '../errors/configuration-error';
import { WebhookVerificationError } from '../errors/webhook-verification-error';

// Entity webhooks carry no signature, so the URL is the credential: a per-location token in its query.

/** Query parameter of a signed webhook URL that carries the location id. */
export const LOCATION_PARAM = 'altegio_location';
/** Query parameter of a signed webhook URL that carries the per-location token. */
export const TOKEN_PARAM = 'altegio_token';

/** Options of {@link signWebhookUrl}. */
export interface SignWebhookUrlOptions {
  /** The location the URL is for (`salon_id`). */
  locationId: number;
  /** Your own secret (at least 16 characters); keep it as safe as the partner token. */
  secret: string;
}

/** @internal Throws a `ConfigurationError` unless `secret` is usable. */
export function checkSecret(secret: unknown): asserts secret is string {
  const min = WEBHOOK_DEFAULTS.minSecretLength;
  if (typeof secret !== 'string' || secret.length < min) {
    throw new ConfigurationError(
      'secret',
      `secret must be a string of at least ${min} characters (e.g. 32 random bytes as hex).`,
    );
  }
}

// Expected tokens are deterministic per (secret, location), so they are cached: a cached token turns
// an HMAC per delivery into a map lookup. Bounded, as the location ids come from request URLs.
const tokenCache = new Map<string, Map<number, string>>();

async function tokenFor(secret: string, locationId: number): Promise<string> {
  const cached = tokenCache.get(secret)?.get(locationId);
  if (cached !== undefined) return cached;
  const token = await hmacSha256Hex(secret, `location:${locationId}`);
  let bySecret = tokenCache.get(secret);
  if (!bySecret || bySecret.size >= 10_000) {
    if (tokenCache.size >= 8) tokenCache.clear();
    bySecret = new Map();
    tokenCache.set(secret, bySecret);
  }
  bySecret.set(locationId, token);
  return token;
}

/**
 * Makes the per-location URL to pass as `webhookUrls` when activating a location.
 *
 * Altegio signs nothing in entity webhooks, so the URL itself is the credential: it gets
 * `altegio_location=<id>&altegio_token=<HMAC-SHA256(secret, "location:<id>") as hex>`, and
 * the entity verifier refuses a delivery whose token does not match its `company_id`.
 *
 * @throws {ConfigurationError} when `secret` is shorter than 16 characters, `locationId` is not a positive
 * integer, or `baseUrl` is not an absolute http(s) URL.
 * @example
 * ```ts
 * const url = await signWebhookUrl('https://vendor.example/altegio/webhooks', { locationId: 123, secret });
 * await altegio.marketplace.activate({ locationId: 123, webhookUrls: [url] });
 * ```
 */
export async function signWebhookUrl(baseUrl: string | URL, options: SignWebhookUrlOptions): Promise<string> {
  checkSecret(options?.secret);
  if (!isLocationId(options.locationId)) {
    throw new ConfigurationError('locationId', 'locationId must be a positive integer.');
  }
  const url = parseBaseUrl(baseUrl);
  url.searchParams.set(LOCATION_PARAM, String(options.locationId));
  url.searchParams.set(TOKEN_PARAM, await tokenFor(options.secret, options.locationId));
  return url.href;
}

/** An absolute http(s) URL, or a ConfigurationError naming `baseUrl` (never echoing the text). */
function parseBaseUrl(baseUrl: unknown): URL {
  let url: URL | undefined;
  try {
    url = typeof baseUrl === 'string' || baseUrl instanceof URL ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigurationError(
      'baseUrl',
      'baseUrl must be an absolute http(s) URL, e.g. "https://vendor.example/altegio/webhooks".',
    );
  }
  return url;
}

/**
 * @internal Reads the location a signed URL was made for, checking its token in constant time.
 * `secret` must have passed {@link checkSecret}.
 * @throws {WebhookVerificationError} `invalid-url-token` when the location or token is missing or wrong.
 */
export async function signedLocation(url: string | URL, secret: string): Promise<number> {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    query = new URLSearchParams();
  }
  const location = query.get(LOCATION_PARAM) ?? '';
  const token = query.get(TOKEN_PARAM) ?? '';
  const locationId = /^[1-9]\d{0,14}$/.test(location) ? Number(location) : 0;
  const expected = locationId === 0 ? '' : await tokenFor(secret, locationId);
  if (locationId === 0 || !timingSafeEqual(expected, token)) {
    throw new WebhookVerificationError(
      'invalid-url-token',
      'Entity webhook URL has no valid altegio_token: pass URLs from signWebhookUrl() with the same secret as webhookUrls when activating.',
    );
  }
  return locationId;
}
