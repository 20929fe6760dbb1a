import { bytesToBase64 } from '../core/base64';
import { hmacSha256Hex } from '../core/crypto';
import { isPartnerToken } from '../core/rules';
import { ConfigurationError } from '../errors/configuration-error';

/**
 * The Altegio user in a registration redirect: camelCase (`userId`, `locationName`) or wire (`id`,
 * `salon_name`) keys, turned into wire keys (`userId` becomes `id`, as Altegio's back end sends it, or
 * `user_id` with `userIdField`); or a string, taken as the exact JSON text (to reproduce PHP's escaping
 * byte for byte).
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
  /**
   * The wire key a camelCase `userId` becomes: `id` (what Altegio's back end sends) or `user_id` (what
   * its guide shows).
   * @default 'id'
   */
  userIdField?: 'id' | 'user_id' | undefined;
}

/** `user_data` and `user_data_sign` as Altegio puts them in the redirect. */
export interface SignedUserData {
  /** base64 of the JSON (`user_data`), standard alphabet with `+`, `/` and `=` padding. */
  userData: string;
  /** Lowercase hex HMAC-SHA256 (`user_data_sign`). */
  userDataSign: string;
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function userJson(user: RedirectUser, userIdField: 'id' | 'user_id'): string {
  if (typeof user === 'string') return user;
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(user)) {
    const name = key === 'userId' ? userIdField : key === 'locationName' ? 'salon_name' : toSnake(key);
    wire[name] = value;
  }
  return JSON.stringify(wire);
}

/**
 * Encodes and signs a user the way Altegio does for "Transmit user data when connecting the integration".
 *
 * @throws {ConfigurationError} when `partnerToken` is empty or blank.
 * @example
 * ```ts
 * const { userData, userDataSign } = await signUserData(
 *   { userId: 123, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100', isApproved: true },
 *   { partnerToken },
 * ); // user_data is base64 of {"id":123,"name":"Ann Lee",…}
 * ```
 */
export async function signUserData(
  user: RedirectUser,
  options: SignUserDataOptions,
): Promise<SignedUserData> {
  if (!isPartnerToken(options?.partnerToken)) {
    throw new ConfigurationError(
      'partnerToken',
      'signUserData needs the partnerToken that keys user_data_sign',
    );
  }
  const bytes = new TextEncoder().encode(userJson(user, options.userIdField ?? 'id'));
  const userData = bytesToBase64(bytes);
  const userDataSign = await hmacSha256Hex(
    options.partnerToken,
    options.over === 'base64' ? userData : bytes,
  );
  return { userData, userDataSign };
}

/**
 * How a redirect spells its locations: `single` (`salon_id=1`, one location only), `csv`
 * (`salon_ids=1,2`), `brackets` (`salon_ids[]=1&salon_ids[]=2`), `indexed` (`salon_ids[0]=1&salon_ids[1]=2`)
 * or `repeated` (`salon_ids=1&salon_ids=2`).
 */
export type RedirectLocationForm = 'single' | 'csv' | 'brackets' | 'indexed' | 'repeated';

/** Options of {@link buildConnectRedirectUrl}. */
export interface ConnectRedirectUrlOptions {
  /** The connected locations. */
  locationIds: readonly number[];
  /**
   * How the locations are written. The default is what Altegio's back end sends today.
   * @default 'single' for one location, 'csv' for several
   */
  locationForm?: RedirectLocationForm | undefined;
  /** `salon_group_id` (telephony apps). @default none */
  chainId?: number | undefined;
  /** `crm_token` (telephony apps). @default none */
  crmToken?: string | undefined;
  /** The user, sent as signed `user_data` (needs `partnerToken`). @default none (no `user_data`) */
  user?: RedirectUser | undefined;
  /** Key of `user_data_sign`; required with `user`. @default none */
  partnerToken?: string | undefined;
  /** What `user_data_sign` covers. @default 'json' */
  signOver?: 'json' | 'base64' | undefined;
  /** The wire key of the user id in `user_data`. @default 'id' */
  userIdField?: 'id' | 'user_id' | undefined;
}

function locationParams(ids: readonly number[], form: RedirectLocationForm): string[] {
  const text = ids.map((id) => encodeURIComponent(String(id)));
  switch (form) {
    case 'single':
      if (text.length !== 1)
        throw new ConfigurationError('locationForm', "locationForm 'single' takes exactly one location id");
      return [`salon_id=${text[0]}`];
    case 'csv':
      return [`salon_ids=${text.join(',')}`];
    case 'brackets':
      return text.map((id) => `salon_ids[]=${id}`);
    case 'indexed':
      return text.map((id, index) => `salon_ids[${index}]=${id}`);
    case 'repeated':
      return text.map((id) => `salon_ids=${id}`);
    default:
      throw new ConfigurationError(
        'locationForm',
        `Unknown locationForm ${JSON.stringify(form)}: expected 'single', 'csv', 'brackets', 'indexed' or 'repeated'.`,
      );
  }
}

/**
 * Builds the URL Altegio sends the user's browser to after Connect: your "Registration redirect url"
 * plus `salon_id` (one location) or comma-separated `salon_ids` (several; other forms with
 * `locationForm`), `salon_group_id`, `crm_token`, and signed `user_data` (`{"id":…}` by default). Like Altegio, it leaves `[]` and the base64 characters `+`, `/`, `=` unescaped, so it also
 * tests that your backend reads the raw query (a form decoder turns `+` into a space).
 *
 * @throws {ConfigurationError} no location, a bad base URL, an unknown `locationForm`, or `user` without `partnerToken`.
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
    throw new ConfigurationError(
      'registrationUrl',
      'buildConnectRedirectUrl needs an absolute base URL and options',
    );
  const { locationIds } = options;
  if (!Array.isArray(locationIds) || locationIds.length === 0) {
    throw new ConfigurationError(
      'locationIds',
      'buildConnectRedirectUrl needs at least one location id in `locationIds`',
    );
  }
  const params = locationParams(
    locationIds,
    options.locationForm ?? (locationIds.length === 1 ? 'single' : 'csv'),
  );
  if (options.chainId !== undefined)
    params.push(`salon_group_id=${encodeURIComponent(String(options.chainId))}`);
  if (options.crmToken !== undefined) params.push(`crm_token=${encodeURIComponent(options.crmToken)}`);
  if (options.user !== undefined) {
    if (!isPartnerToken(options.partnerToken)) {
      throw new ConfigurationError('partnerToken', 'buildConnectRedirectUrl needs partnerToken to sign user');
    }
    const signed = await signUserData(options.user, {
      partnerToken: options.partnerToken,
      over: options.signOver,
      userIdField: options.userIdField,
    });
    params.push(`user_data=${signed.userData}`, `user_data_sign=${signed.userDataSign}`);
  }
  const [withoutHash = '', hash] = base.split('#', 2);
  const joiner = !withoutHash.includes('?') ? '?' : /[?&]$/.test(withoutHash) ? '' : '&';
  return `${withoutHash}${joiner}${params.join('&')}${hash === undefined ? '' : `#${hash}`}`;
}
