import { hmacSha256Hex } from '../core/crypto';
import { ConfigurationError } from '../errors/configuration-error';
import { paymentSignMessage } from '../webhooks/lifecycle';

/** A JSON number as its source text (`"100.50"`), or a number (written as JS prints it). */
export type NumberText = number | string;

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function numberText(value: NumberText, name: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (!JSON_NUMBER.test(text))
    throw new ConfigurationError(
      name,
      `${name} must be a JSON number or its text, got ${JSON.stringify(text)}`,
    );
  return text;
}

/** Options of {@link createLifecycleBody}. */
export interface LifecycleBodyOptions {
  /** Goes into the body as `partner_token`. */
  partnerToken: string;
  /** `application_id`. */
  applicationId: number;
  /** `salon_id`. */
  locationId: number;
  /** `event`; any string, to test unknown events. */
  event: 'uninstall' | 'freeze' | (string & {});
  /**
   * Extra wire fields merged into the body.
   * @default none
   */
  extra?: Record<string, unknown>;
}

/**
 * Builds the JSON text of a lifecycle webhook as Altegio sends it (`uninstall`, `freeze`, or any event name).
 * Never throws.
 *
 * @example
 * ```ts
 * const body = createLifecycleBody({ partnerToken, applicationId: 7, locationId: 55, event: 'uninstall' });
 * await handler(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
 * ```
 */
export function createLifecycleBody(options: LifecycleBodyOptions): string {
  return JSON.stringify({
    salon_id: options.locationId,
    application_id: options.applicationId,
    event: options.event,
    partner_token: options.partnerToken,
    ...options.extra,
  });
}

/** Options of {@link createPaymentSign}. */
export interface PaymentSignOptions {
  /** The HMAC key: your partner token. */
  partnerToken: string;
  /** `salon_id`. */
  locationId: number;
  /** `amount`: a number, or the exact JSON text Altegio would send (`"100.50"`). */
  amount: NumberText;
  /**
   * `discount`; `null` or absent leaves it out of the message.
   * @default null
   */
  discount?: NumberText | null;
  /**
   * Which text of the numbers the message holds: `number`, the number's own text as Altegio's back end
   * writes it (`100.50` becomes `100.5`), or `text`, exactly as given (what a signer over the JSON text
   * would produce). The SDK's verifier accepts both.
   * @default 'number'
   */
  signAs?: 'number' | 'text' | undefined;
}

/**
 * Computes a `payment` event's `sign`: hex HMAC-SHA256, keyed by the partner token, of
 * `salon_id=<id>&amount=<amount>[&discount=<discount>]`, with the numbers written as Altegio's back end
 * writes them (`String(Number)`: `100.50` → `100.5`), or as given with `signAs: 'text'`.
 *
 * @throws {ConfigurationError} when `amount` or `discount` is not a JSON number text.
 * @example
 * ```ts
 * await createPaymentSign({ partnerToken, locationId: 55, amount: '100.50' }); // signs "…&amount=100.5"
 * ```
 */
export function createPaymentSign(options: PaymentSignOptions): Promise<string> {
  const asText = options.signAs === 'text';
  const text = (value: NumberText, name: string) => {
    const given = numberText(value, name);
    return asText ? given : String(Number(given));
  };
  const discount =
    options.discount === undefined || options.discount === null ? null : text(options.discount, 'discount');
  return hmacSha256Hex(
    options.partnerToken,
    paymentSignMessage(options.locationId, text(options.amount, 'amount'), discount),
  );
}

/** Options of {@link createPaymentBody}. */
export interface PaymentBodyOptions extends PaymentSignOptions {
  /** `application_id`. */
  applicationId: number;
  /** `payment_id`. */
  paymentId: number;
  /** `currency_iso`. @default 'USD' */
  currencyIso?: string;
  /** `period_from`. @default '2026-01-01 00:00:00' */
  periodFrom?: string;
  /** `period_to`. @default '2026-02-01 00:00:00' */
  periodTo?: string;
  /** `payment_date`. @default '2026-01-01 00:00:00' */
  paymentDate?: string;
  /** `tariff_option_id`. @default null */
  tariffOptionId?: number | null;
  /**
   * Overrides the computed `sign` (to test forgeries).
   * @default the correct sign
   */
  sign?: string;
}

/**
 * Builds the JSON text of a signed `payment` lifecycle webhook. `amount` and `discount` given as text
 * are written into the JSON verbatim, so `'100.50'` produces `"amount":100.50` as a PHP sender might;
 * the `sign` covers the numbers' own text (`amount=100.5`), as Altegio's back end computes it.
 *
 * @throws {ConfigurationError} when `amount` or `discount` is not a JSON number text.
 * @example
 * ```ts
 * const body = await createPaymentBody({ partnerToken, applicationId: 7, locationId: 55, paymentId: 1, amount: 100 });
 * ```
 */
export async function createPaymentBody(options: PaymentBodyOptions): Promise<string> {
  const amount = numberText(options.amount, 'amount');
  const discount =
    options.discount === undefined || options.discount === null
      ? 'null'
      : numberText(options.discount, 'discount');
  const sign = options.sign ?? (await createPaymentSign(options));
  const fields = [
    `"salon_id":${JSON.stringify(options.locationId)}`,
    `"application_id":${JSON.stringify(options.applicationId)}`,
    '"event":"payment"',
    `"partner_token":${JSON.stringify(options.partnerToken)}`,
    `"payment_id":${JSON.stringify(options.paymentId)}`,
    `"amount":${amount}`,
    `"currency_iso":${JSON.stringify(options.currencyIso ?? 'USD')}`,
    `"discount":${discount}`,
    `"period_from":${JSON.stringify(options.periodFrom ?? '2026-01-01 00:00:00')}`,
    `"period_to":${JSON.stringify(options.periodTo ?? '2026-02-01 00:00:00')}`,
    `"payment_date":${JSON.stringify(options.paymentDate ?? '2026-01-01 00:00:00')}`,
    `"tariff_option_id":${JSON.stringify(options.tariffOptionId ?? null)}`,
    `"sign":${JSON.stringify(sign)}`,
  ];
  return `{${fields.join(',')}}`;
}
