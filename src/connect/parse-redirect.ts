import { base64ToBytes } from '../core/base64';
import { hmacSha256Hex, timingSafeEqual } from '../core/crypto';
import { processEnv } from '../core/env';
import { readRawQuery } from '../core/raw-query';
import { isCrmToken, isIdText, isPartnerToken, RULE_MESSAGES } from '../core/rules';
import { ConfigurationError } from '../errors/configuration-error';
import { ConnectRedirectError, type ConnectRedirectErrorReason } from '../errors/connect-redirect-error';
import { loadSchemas } from '../load-schemas';
import type { ConnectUser } from './user-data';

/** Options of {@link parseConnectRedirect}. */
export interface ParseConnectRedirectOptions {
  /**
   * Your partner token: the HMAC key of `user_data_sign`. Falls back to `ALTEGIO_PARTNER_TOKEN`.
   */
  partnerToken?: string | undefined;
  /**
   * Refuse a redirect without `user_data` (reason `missing-user-data`). Turn it on when your app has
   * "Transmit user data when connecting the integration" enabled: then an unsigned redirect is forged.
   * @default false
   */
  requireUserData?: boolean | undefined;
  /** Environment to read `ALTEGIO_PARTNER_TOKEN` from. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** What Altegio's registration redirect says, checked. */
export interface ConnectRedirect {
  /**
   * Locations the user connected, de-duplicated, in order: from `salon_id`, repeated `salon_ids[]`,
   * `salon_ids[0]`, bare `salon_ids`, and comma-separated values in any of them (`salon_ids=4564,4232`,
   * what the multi-location grant sends). Not covered by `user_data_sign`: check the user's access to
   * each location before you bind them.
   */
  locationIds: number[];
  /** The chain (`salon_group_id`), sent to telephony apps. */
  chainId?: number;
  /** The chain's CRM token (`crm_token`), sent to telephony apps: pass it to `telephony.enable`. */
  crmToken?: string;
  /** The Altegio user (`user_data`), present only when `user_data_sign` verified. */
  user?: ConnectUser;
  /**
   * What the verified signature covered: the decoded JSON bytes (Altegio's documented algorithm) or the
   * raw base64 text (what some integrators report).
   */
  signedOver?: 'json' | 'base64';
  /**
   * `true` when `user_data` arrived with spaces where base64 has `+` (a form decoder such as
   * `URLSearchParams` read the query) and was repaired before verifying.
   */
  userDataRepaired?: true;
}

const MAX_QUERY = 32_768;
const MAX_LOCATIONS = 1000;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

function fail(reason: ConnectRedirectErrorReason, message: string): never {
  throw new ConnectRedirectError(reason, message);
}

function readInput(input: unknown): { pairs: [string, string][]; formDecoded: boolean } {
  const query = readRawQuery(input, MAX_QUERY);
  if (!('problem' in query)) return query;
  if (query.problem === 'too-long') {
    fail('invalid-input', `The redirect query is longer than ${MAX_QUERY} characters.`);
  }
  if (query.problem === 'bad-escape')
    fail('invalid-input', 'The redirect query has a malformed percent-escape.');
  return fail(
    'invalid-input',
    'parseConnectRedirect expects the redirect URL (string or URL, e.g. req.originalUrl) or its URLSearchParams.',
  );
}

function single(values: Map<string, string[]>, name: string): string | undefined {
  const list = values.get(name);
  if (!list) return undefined;
  // Two different values for a single parameter is parameter pollution, not something Altegio sends.
  if (new Set(list).size > 1) fail('invalid-input', `The redirect repeats ${name} with different values.`);
  return list[0];
}

function readLocations(values: Map<string, string[]>): number[] {
  // The multi-location grant sends `salon_ids=4564,4232`: a comma list is as valid as repeated keys.
  const raw = [...(values.get('salon_id') ?? []), ...(values.get('salon_ids') ?? [])].flatMap((value) =>
    value.split(','),
  );
  if (raw.length === 0) {
    fail(
      'missing-location',
      'The redirect has no salon_id or salon_ids: is this the Registration redirect url Altegio opened after the user clicked Connect?',
    );
  }
  if (raw.length > MAX_LOCATIONS)
    fail('invalid-location', `The redirect names more than ${MAX_LOCATIONS} locations.`);
  const ids: number[] = [];
  for (const value of raw) {
    const trimmed = value.trim();
    if (!isIdText(trimmed)) {
      fail(
        'invalid-location',
        'salon_id / salon_ids must be positive integers, one per parameter or separated by commas (e.g. salon_ids=4564,4232).',
      );
    }
    const id = Number(trimmed);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

async function verifyUser(
  userData: string,
  sign: string | undefined,
  formDecoded: boolean,
  partnerToken: string,
): Promise<Pick<ConnectRedirect, 'user' | 'signedOver' | 'userDataRepaired'>> {
  if (sign === undefined || sign === '') {
    fail(
      'missing-signature',
      'The redirect carries user_data without user_data_sign; refusing unsigned user data.',
    );
  }
  // A form decoder (URLSearchParams, qs) reads an unescaped `+` as a space; base64 has no spaces.
  const repaired = formDecoded || userData.includes(' ') ? userData.replaceAll(' ', '+') : userData;
  const bytes = base64ToBytes(repaired);
  if (bytes === undefined) fail('invalid-user-data', 'user_data is not base64.');
  const given = String(sign).toLowerCase();
  const [overJson, overBase64] = await Promise.all([
    hmacSha256Hex(partnerToken, bytes),
    hmacSha256Hex(partnerToken, repaired),
  ]);
  // Both comparisons always run, so timing does not tell which variant is close.
  const json = timingSafeEqual(overJson, given);
  const base64 = timingSafeEqual(overBase64, given);
  if (!SIGNATURE.test(given) || !(json || base64)) {
    fail(
      'invalid-signature',
      'user_data_sign does not match user_data: the redirect was forged or altered, or partnerToken (ALTEGIO_PARTNER_TOKEN) is not the token of the developer account that owns this app.',
    );
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('invalid-user-data', 'user_data is signed but is not UTF-8 JSON.');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    return fail('invalid-user-data', 'user_data is signed but is not a JSON object.');
  }
  const { readConnectUser, USER_ID_PROBLEM } = await loadSchemas();
  const user = readConnectUser(decoded);
  if (user === undefined) return fail('invalid-user-data', USER_ID_PROBLEM);
  return {
    user,
    signedOver: json ? 'json' : 'base64',
    ...(repaired !== userData ? { userDataRepaired: true as const } : {}),
  };
}

/**
 * Reads and checks the registration redirect Altegio sends the user's browser to after they click
 * Connect (and again each time the owner opens the app card): the locations (`salon_id`, `salon_ids[]`,
 * `salon_ids[0]`, bare `salon_ids`, or comma-separated `salon_ids=4564,4232`), the chain and CRM token of telephony
 * apps, and the user (`user_data`), whose `user_data_sign` is verified in constant time (HMAC-SHA256,
 * partner token as key, over the decoded JSON or over the base64 text).
 *
 * The signature covers `user_data` only: not the location ids, and it carries no expiry or nonce. A
 * verified user proves who the person is, not which location they may bind; check that (e.g. the
 * installation status, or the location's users) before you link them, and keep `user_data` out of logs.
 *
 * Give it the raw URL (`req.originalUrl` in Express, `request.url` in Fastify or a Web `Request`), so a
 * `+` in `user_data` survives; a `URLSearchParams` is repaired (spaces back to `+`).
 *
 * @throws {ConnectRedirectError} with `reason`: `invalid-input`, `missing-location`, `invalid-location`,
 * `invalid-chain`, `invalid-crm-token`, `missing-user-data`, `missing-signature`, `invalid-signature`,
 * `invalid-user-data`. Messages never contain a token or the user data.
 * @throws {ConfigurationError} no `partnerToken` and no `ALTEGIO_PARTNER_TOKEN`.
 * @example
 * ```ts
 * import { parseConnectRedirect } from 'altegio-marketplace';
 *
 * const redirect = await parseConnectRedirect(req.originalUrl, { partnerToken: process.env.PARTNER_TOKEN });
 * // { locationIds: [456], crmToken?: '...', user?: { userId, name, email, phone, isApproved, locationName } }
 * ```
 */
export async function parseConnectRedirect(
  input: string | URL | URLSearchParams,
  options: ParseConnectRedirectOptions = {},
): Promise<ConnectRedirect> {
  const partnerToken = options.partnerToken ?? (options.env ?? processEnv()).ALTEGIO_PARTNER_TOKEN;
  if (!isPartnerToken(partnerToken)) {
    throw new ConfigurationError(
      'partnerToken',
      'parseConnectRedirect needs your partner token to verify user_data_sign: pass `partnerToken` or set ALTEGIO_PARTNER_TOKEN.',
    );
  }
  const { pairs, formDecoded } = readInput(input);
  const values = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    // PHP-style arrays: `salon_ids[]`, `salon_ids[0]`, and the bracket-less `salon_ids`.
    const name = key.replace(/\[\d*\]$/, '');
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const result: ConnectRedirect = { locationIds: readLocations(values) };
  const chain = single(values, 'salon_group_id');
  if (chain !== undefined) {
    if (!isIdText(chain)) fail('invalid-chain', 'salon_group_id must be a positive integer.');
    result.chainId = Number(chain);
  }
  const crmToken = single(values, 'crm_token');
  if (crmToken !== undefined) {
    if (!isCrmToken(crmToken)) fail('invalid-crm-token', `crm_token: ${RULE_MESSAGES.crmToken}.`);
    result.crmToken = crmToken;
  }
  const userData = single(values, 'user_data');
  if (userData === undefined || userData === '') {
    if (options.requireUserData) {
      fail(
        'missing-user-data',
        'The redirect carries no user_data, but requireUserData is on: it did not come from Altegio, or "Transmit user data" is off in the app settings.',
      );
    }
    return result;
  }
  return {
    ...result,
    ...(await verifyUser(userData, single(values, 'user_data_sign'), formDecoded, partnerToken)),
  };
}
