import { timingSafeEqual } from '../core/crypto';
import { ConfigurationError } from '../errors/configuration-error';
import { WebhookVerificationError } from '../errors/webhook-verification-error';

/** Options of {@link verifyChatPanelUrl}. */
export interface VerifyChatPanelOptions {
  /** Your partner token: `hash` is `sha1(salon_id + partner_token)`. */
  partnerToken: string;
}

/** What a verified chat panel URL says. */
export interface ChatPanel {
  /** The location the frame was rendered for (`salon_id`): covered by `hash`. */
  locationId: number;
  /**
   * The Altegio user looking at the panel (`user_id`). **Not signed**: the browser appends it and anyone
   * who can open the panel can change it. Check it (e.g. against the location's users and their access
   * rights) before you show anything that depends on who it is.
   */
  userId: number | undefined;
  /** Interface language (`lang_id`). Not signed. */
  langId: number | undefined;
  /** The client's phone, when the panel was opened from a booking (`phone`). Not signed. */
  phone: string | undefined;
  /** The entity the panel was opened for (`entity_type`), when Altegio sent one. */
  entityType: string | undefined;
}

const HASH = /^[0-9a-fA-F]{40}$/;
const MAX_URL = 8192;

function fail(reason: 'malformed-body' | 'invalid-sign', message: string): never {
  throw new WebhookVerificationError(reason, message);
}

function readParams(input: unknown): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  const text = input instanceof URL ? input.href : input;
  if (typeof text !== 'string') {
    return fail(
      'malformed-body',
      'verifyChatPanelUrl expects the frame URL (string or URL) or its URLSearchParams.',
    );
  }
  if (text.length > MAX_URL)
    fail('malformed-body', `The chat panel URL is longer than ${MAX_URL} characters.`);
  const mark = text.indexOf('?');
  const query = (mark >= 0 ? text.slice(mark + 1) : text).split('#')[0] ?? '';
  try {
    return new URLSearchParams(query);
  } catch {
    return fail('malformed-body', 'The chat panel URL has a malformed query.');
  }
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) fail('malformed-body', `The chat panel URL repeats ${name}.`);
  return values[0];
}

function optionalId(params: URLSearchParams, name: string): number | undefined {
  const value = single(params, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    fail('malformed-body', `${name} must be a non-negative integer.`);
  }
  return Number(value);
}

async function sha1Hex(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Verifies the URL Altegio opens your journal sidebar panel (chat frame) with:
 * `<chat_url>?salon_id=<id>&hash=<sha1(salon_id + partner_token)>[&entity_type=]&user_id=&lang_id=[&phone=]`.
 * The `hash` is compared in constant time. It proves that Altegio rendered the frame for that
 * location, nothing more: `user_id`, `lang_id` and `phone` are appended by the browser and are not signed.
 *
 * @returns `{ locationId, userId, langId, phone, entityType }`.
 * @throws {WebhookVerificationError} `malformed-body`: no valid `salon_id`, no `hash`, a repeated or
 * malformed parameter; `invalid-sign`: the hash does not match. Messages never contain the token.
 * @throws {ConfigurationError} no `partnerToken`.
 * @example
 * ```ts
 * import { verifyChatPanelUrl } from 'altegio-marketplace/webhooks';
 *
 * const panel = await verifyChatPanelUrl(request.url, { partnerToken: process.env.ALTEGIO_PARTNER_TOKEN! });
 * // panel.locationId is proven; check panel.userId against the location's users before trusting it
 * ```
 */
export async function verifyChatPanelUrl(
  url: string | URL | URLSearchParams,
  options: VerifyChatPanelOptions,
): Promise<ChatPanel> {
  const partnerToken = options?.partnerToken;
  if (typeof partnerToken !== 'string' || partnerToken.trim() === '') {
    throw new ConfigurationError(
      'partnerToken',
      'verifyChatPanelUrl needs your partner token (the key of `hash`): pass `partnerToken`, e.g. from ALTEGIO_PARTNER_TOKEN.',
    );
  }
  const params = readParams(url);
  const salonId = single(params, 'salon_id');
  if (
    salonId === undefined ||
    !/^\d{1,16}$/.test(salonId) ||
    Number(salonId) <= 0 ||
    !Number.isSafeInteger(Number(salonId))
  ) {
    fail('malformed-body', 'The chat panel URL has no valid salon_id (a positive integer).');
  }
  const hash = single(params, 'hash');
  if (hash === undefined || hash === '') fail('malformed-body', 'The chat panel URL has no hash.');
  const expected = await sha1Hex(`${salonId}${partnerToken}`);
  // The comparison runs even for a malformed hash, so timing says nothing about the expected value.
  const matches = timingSafeEqual(expected, hash.toLowerCase());
  if (!HASH.test(hash) || !matches) {
    fail(
      'invalid-sign',
      'The chat panel hash does not match salon_id: the URL was not rendered by Altegio for this location, or partnerToken is not the token of the developer account that owns this app.',
    );
  }
  const phone = single(params, 'phone');
  const entityType = single(params, 'entity_type');
  return {
    locationId: Number(salonId),
    userId: optionalId(params, 'user_id'),
    langId: optionalId(params, 'lang_id'),
    phone: phone === undefined || phone === '' ? undefined : phone,
    entityType: entityType === undefined || entityType === '' ? undefined : entityType,
  };
}
