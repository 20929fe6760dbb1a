import { bytesToBase64 } from '../connect/user-data';
import { hmacSha256Hex } from '../core/crypto';

/**
 * The Altegio user in a registration redirect: camelCase (`userId`) or wire (`user_id`) keys, turned into
 * wire keys; or a string, taken as the exact JSON text (to reproduce PHP's escaping byte for byte).
 */
export type RedirectUser = Readonly<Record<string, unknown>> | string;

/** Options of {@link signUserData}. */
export interface SignUserDataOptions {
  /** The partner token that keys the HMAC. */
  partnerToken: string;
  /**
   * What the signature covers: the JSON bytes (Altegio's documented algorithm) or the base64 text (what
   * some integrators report).
   * @default 'json'
   */
  over?: 'json' | 'base64' | undefined;
}

/** `user_data` and `user_data_sign` as Altegio puts them in the redirect. */
export interface SignedUserData {
  /** base64 of the JSON (`user_data`), standard alphabet with `+`, `/` and `=` padding. */
  userData: string;
  /** Lowercase hex HMAC-SHA256 (`user_data_sign`). */
  userDataSign: string;
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function userJson(user: RedirectUser): string {
  if (typeof user === 'string') return user;
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(user)) wire[toSnake(key)] = value;
  return JSON.stringify(wire);
}

/**
 * Encodes and signs a user the way Altegio does for "Transmit user data when connecting the integration".
 *
 * @throws {TypeError} when `partnerToken` is empty.
 * @example
 * ```ts
 * const { userData, userDataSign } = await signUserData(
 *   { userId: 123, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100' },
 *   { partnerToken },
 * );
 * ```
 */
export async function signUserData(
  user: RedirectUser,
  options: SignUserDataOptions,
): Promise<SignedUserData> {
  if (typeof options?.partnerToken !== 'string' || options.partnerToken === '') {
    throw new TypeError('signUserData needs the partnerToken that keys user_data_sign');
  }
  const bytes = new TextEncoder().encode(userJson(user));
  const userData = bytesToBase64(bytes);
  const userDataSign = await hmacSha256Hex(
    options.partnerToken,
    options.over === 'base64' ? userData : bytes,
  );
  return { userData, userDataSign };
}

/** Options of {@link buildConnectRedirectUrl}. */
export interface ConnectRedirectUrlOptions {
  /** The connected locations: one gives `salon_id`, several give repeated `salon_ids[]`. */
  locationIds: readonly number[];
  /** `salon_group_id` (telephony apps). */
  chainId?: number | undefined;
  /** `crm_token` (telephony apps). */
  crmToken?: string | undefined;
  /** The user, sent as signed `user_data` (needs `partnerToken`). */
  user?: RedirectUser | undefined;
  /** Key of `user_data_sign`; required with `user`. */
  partnerToken?: string | undefined;
  /** What `user_data_sign` covers. @default 'json' */
  signOver?: 'json' | 'base64' | undefined;
}

/**
 * Builds the URL Altegio sends the user's browser to after Connect: your "Registration redirect url"
 * plus `salon_id` (one location) or `salon_ids[]` (several), `salon_group_id`, `crm_token`, and signed
 * `user_data`. Like Altegio, it leaves `[]` and the base64 characters `+`, `/`, `=` unescaped, so it also
 * tests that your backend reads the raw query (a form decoder turns `+` into a space).
 *
 * @throws {TypeError} no location, a bad base URL, or `user` without `partnerToken`.
 * @example
 * ```ts
 * const url = await buildConnectRedirectUrl('https://vendor.example/altegio/connect', {
 *   locationIds: [456, 789], chainId: 12, crmToken: 'b1f1c2d4-…', user: { userId: 1 }, partnerToken,
 * });
 * ```
 */
export async function buildConnectRedirectUrl(
  registrationUrl: string | URL,
  options: ConnectRedirectUrlOptions,
): Promise<string>;
/** Same, with the registration URL inside the options object. */
export async function buildConnectRedirectUrl(
  options: ConnectRedirectUrlOptions & { registrationUrl: string | URL },
): Promise<string>;
export async function buildConnectRedirectUrl(
  first: string | URL | (ConnectRedirectUrlOptions & { registrationUrl: string | URL }),
  second?: ConnectRedirectUrlOptions,
): Promise<string> {
  const [base, options] =
    typeof first === 'string' || first instanceof URL
      ? [String(first), second]
      : [String(first.registrationUrl), first];
  if (!options || !URL.canParse(base))
    throw new TypeError('buildConnectRedirectUrl needs an absolute base URL and options');
  const { locationIds } = options;
  if (!Array.isArray(locationIds) || locationIds.length === 0) {
    throw new TypeError('buildConnectRedirectUrl needs at least one location id');
  }
  const params =
    locationIds.length === 1
      ? [`salon_id=${locationIds[0]}`]
      : locationIds.map((id) => `salon_ids[]=${encodeURIComponent(String(id))}`);
  if (options.chainId !== undefined)
    params.push(`salon_group_id=${encodeURIComponent(String(options.chainId))}`);
  if (options.crmToken !== undefined) params.push(`crm_token=${encodeURIComponent(options.crmToken)}`);
  if (options.user !== undefined) {
    if (!options.partnerToken) throw new TypeError('buildConnectRedirectUrl needs partnerToken to sign user');
    const signed = await signUserData(options.user, {
      partnerToken: options.partnerToken,
      over: options.signOver,
    });
    params.push(`user_data=${signed.userData}`, `user_data_sign=${signed.userDataSign}`);
  }
  const [withoutHash = '', hash] = base.split('#', 2);
  const joiner = !withoutHash.includes('?') ? '?' : /[?&]$/.test(withoutHash) ? '' : '&';
  return `${withoutHash}${joiner}${params.join('&')}${hash === undefined ? '' : `#${hash}`}`;
}
