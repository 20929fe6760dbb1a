import { timingSafeEqual } from '../core/crypto';
import { readRawQuery } from '../core/raw-query';
import { isIdText, isPartnerToken } from '../core/rules';
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
  /**
   * The client's phone, when the panel was opened from a booking (`phone`), as sent: a `+` stays a `+`
   * (the query is read raw; from a `URLSearchParams`, a leading space is read back as `+`). Not signed.
   */
  phone: string | undefined;
  /** The entity the panel was opened for (`entity_type`), when Altegio sent one. */
  entityType: string | undefined;
}

const MAX_QUERY = 8_192;

const bad = (reason: 'malformed-body' | 'invalid-sign', what: string): never => {
  throw new WebhookVerificationError(reason, `Chat panel URL: ${what}`);
};

type Params = Map<string, string[]>;

function read(params: Params, name: string): string | undefined {
  const values = params.get(name) ?? [];
  return values.length > 1 ? bad('malformed-body', `repeated ${name}`) : values[0] || undefined;
}

function id(params: Params, name: string): number | undefined {
  const value = read(params, name);
  return value === undefined ? value : isIdText(value) ? Number(value) : bad('malformed-body', name);
}

function paramsOf(url: unknown): { params: Params; formDecoded: boolean } {
  const query = readRawQuery(url, MAX_QUERY);
  if ('problem' in query) return bad('malformed-body', 'not a URL or query');
  const params: Params = new Map();
  for (const [key, value] of query.pairs) params.set(key, [...(params.get(key) ?? []), value]);
  return { params, formDecoded: query.formDecoded };
}

/**
 * Verifies the URL Altegio opens your journal sidebar panel (chat frame) with:
 * `<chat_url>?salon_id=<id>&hash=<sha1(salon_id + partner_token)>[&entity_type=]&user_id=&lang_id=[&phone=]`.
 * The `hash` is compared in constant time. It proves that Altegio rendered the frame for that
 * location, nothing more: `user_id`, `lang_id` and `phone` are appended by the browser and are not signed.
 *
 * Give it the raw URL (`request.url`, `req.originalUrl`), the bare query, a `URL` or a `URLSearchParams`.
 * The hash is checked over the `salon_id` text exactly as sent.
 *
 * @returns `{ locationId, userId, langId, phone, entityType }`.
 * @throws {WebhookVerificationError} `malformed-body`: no `salon_id` that is a positive id without a
 * leading zero, no `hash`, a repeated or malformed parameter; `invalid-sign`: the hash does not match. Messages never contain the token.
 * @throws {ConfigurationError} no `partnerToken`, or a blank one.
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
  if (!isPartnerToken(partnerToken)) {
    throw new ConfigurationError('partnerToken', 'verifyChatPanelUrl needs `partnerToken`.');
  }
  const { params, formDecoded } = paramsOf(url);
  // The hash covers the salon_id text as sent; the id rule refuses another spelling (`0123`).
  const salonId = read(params, 'salon_id') ?? bad('malformed-body', 'no salon_id');
  if (!isIdText(salonId)) bad('malformed-body', 'salon_id');
  const locationId = Number(salonId);
  const hash = read(params, 'hash') ?? bad('malformed-body', 'no hash');
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(`${salonId}${partnerToken}`));
  let expected = '';
  for (const byte of new Uint8Array(digest)) expected += (byte + 256).toString(16).slice(1);
  if (!timingSafeEqual(expected, hash.toLowerCase())) bad('invalid-sign', 'wrong hash');
  const phone = read(params, 'phone');
  return {
    locationId,
    userId: id(params, 'user_id'),
    langId: id(params, 'lang_id'),
    // A form decoder made the `+` of an international number a space; a phone never starts with one.
    phone: formDecoded && phone?.startsWith(' ') ? `+${phone.slice(1)}` : phone,
    entityType: read(params, 'entity_type'),
  };
}
