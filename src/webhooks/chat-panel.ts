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

const bad = (reason: 'malformed-body' | 'invalid-sign', what: string): never => {
  throw new WebhookVerificationError(reason, `Chat panel URL: ${what}`);
};

function read(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length > 1 ? bad('malformed-body', `repeated ${name}`) : values[0] || undefined;
}

function id(params: URLSearchParams, name: string): number | undefined {
  const value = read(params, name);
  return value === undefined ? value : /^\d{1,15}$/.test(value) ? Number(value) : bad('malformed-body', name);
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
    throw new ConfigurationError('partnerToken', 'verifyChatPanelUrl needs `partnerToken`.');
  }
  let params: URLSearchParams;
  try {
    params = url instanceof URLSearchParams ? url : new URL(String(url), 'http://x').searchParams;
  } catch {
    return bad('malformed-body', 'not a URL');
  }
  const locationId = id(params, 'salon_id') || bad('malformed-body', 'no salon_id');
  const hash = read(params, 'hash') ?? bad('malformed-body', 'no hash');
  const digest = await crypto.subtle.digest(
    'SHA-1',
    new TextEncoder().encode(`${locationId}${partnerToken}`),
  );
  let expected = '';
  for (const byte of new Uint8Array(digest)) expected += (byte + 256).toString(16).slice(1);
  if (!timingSafeEqual(expected, hash.toLowerCase())) bad('invalid-sign', 'wrong hash');
  return {
    locationId,
    userId: id(params, 'user_id'),
    langId: id(params, 'lang_id'),
    phone: read(params, 'phone'),
    entityType: read(params, 'entity_type'),
  };
}
