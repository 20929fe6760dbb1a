import * as z from 'zod/mini';
import { looseObject, object } from '../core/objects';
import { hmacSha256Hex, timingSafeEqual } from '../core/crypto';
import { isApplicationId, isPartnerToken } from '../core/rules';
import { ConfigurationError } from '../errors/configuration-error';
import { WebhookVerificationError } from '../errors/webhook-verification-error';
import { parseOrThrow, readBody, type WebhookBody } from './body';
import { topLevelNumberTexts } from './raw-json';
import { decimal, id } from './wire';

const WHAT = 'Lifecycle webhook';

// Fields beyond the ones named are ignored (`object`, not strict), so new wire fields never break
// parsing. Each body schema is followed by the function that turns the checked wire body into the
// event handed to the user, which never carries the partner token. The event types are written out as
// interfaces, so the docs show each field; the functions' return types keep them in step.

const base = { salon_id: id, application_id: id, partner_token: z.string() };

/** Schema of the `uninstall` lifecycle body (app disabled on Altegio's side). */
export const uninstallSchema = object({ ...base, event: z.literal('uninstall') });
/** Schema of the `freeze` lifecycle body (app frozen because the paid period ran out). */
export const freezeSchema = object({ ...base, event: z.literal('freeze') });

/** `uninstall`: the app was disabled for the location on Altegio's side; API access to it ends. */
export interface UninstallEvent {
  /** `event`: always `'uninstall'`. */
  event: 'uninstall';
  /** `salon_id`: the location. */
  locationId: number;
  /** `application_id`. */
  applicationId: number;
}

/** `freeze`: the app is frozen for the location because its paid period ran out. */
export interface FreezeEvent {
  /** `event`: always `'freeze'`. */
  event: 'freeze';
  /** `salon_id`: the location. */
  locationId: number;
  /** `application_id`. */
  applicationId: number;
}

function toStateEvent(body: {
  event: 'uninstall' | 'freeze';
  salon_id: number | string;
  application_id: number | string;
}): UninstallEvent | FreezeEvent {
  return {
    event: body.event,
    locationId: Number(body.salon_id),
    applicationId: Number(body.application_id),
  };
}

/** Schema of the `payment` lifecycle body (a location paid through Altegio). */
export const paymentSchema = object({
  ...base,
  event: z.literal('payment'),
  sign: z.string(),
  payment_id: id,
  amount: decimal,
  discount: z.optional(z.nullable(decimal)),
  currency_iso: z.optional(z.nullable(z.string())),
  period_from: z.optional(z.nullable(z.string())),
  period_to: z.optional(z.nullable(z.string())),
  payment_date: z.optional(z.nullable(z.string())),
  tariff_option_id: z.optional(z.nullable(id)),
});

/** `payment`: the location paid for the app through Altegio; its `sign` has been verified. */
export interface PaymentEvent {
  /** `event`: always `'payment'`. */
  event: 'payment';
  /** `salon_id`: the location. */
  locationId: number;
  /** `application_id`. */
  applicationId: number;
  /** `payment_id`: Altegio's id of this payment. */
  paymentId: number;
  /** `amount`, as a number (the sign was checked against the text Altegio sent). */
  amount: number;
  /** `currency_iso`, e.g. `"USD"`; `null` when absent. */
  currencyIso: string | null;
  /** `discount`; `null` when there was none. */
  discount: number | null;
  /** `period_from`, as sent (format undocumented); `null` when absent. */
  periodFrom: string | null;
  /** `period_to`, as sent; `null` when absent. */
  periodTo: string | null;
  /** `payment_date`, as sent; `null` when absent. */
  paymentDate: string | null;
  /** `tariff_option_id`; `null` when absent. */
  tariffOptionId: number | null;
}

function toPaymentEvent(body: z.output<typeof paymentSchema>): PaymentEvent {
  return {
    event: 'payment',
    locationId: Number(body.salon_id),
    applicationId: Number(body.application_id),
    paymentId: Number(body.payment_id),
    amount: Number(body.amount),
    currencyIso: body.currency_iso ?? null,
    discount: body.discount === undefined || body.discount === null ? null : Number(body.discount),
    periodFrom: body.period_from ?? null,
    periodTo: body.period_to ?? null,
    paymentDate: body.payment_date ?? null,
    tariffOptionId:
      body.tariff_option_id === undefined || body.tariff_option_id === null
        ? null
        : Number(body.tariff_option_id),
  };
}

/** Schema of any other lifecycle body: verified like the rest, handed over as an `unknown` event. */
export const unknownLifecycleSchema = looseObject({
  salon_id: z.optional(id),
  application_id: id,
  event: z.string(),
  partner_token: z.string(),
});

/** A verified lifecycle event whose `event` value this SDK does not know (`name` holds it). */
export interface UnknownLifecycleEvent {
  /** Always `'unknown'`; the wire value is in `name`. */
  event: 'unknown';
  /** The wire `event` value this SDK does not know. */
  name: string;
  /** `salon_id`, or `null` when the body had none. */
  locationId: number | null;
  /** `application_id`. */
  applicationId: number;
  /** The other body fields, as sent (wire names; `partner_token` removed). */
  fields: Record<string, unknown>;
}

function toUnknownEvent({
  partner_token,
  salon_id,
  application_id,
  event,
  ...rest
}: z.output<typeof unknownLifecycleSchema>): UnknownLifecycleEvent {
  return {
    event: 'unknown',
    name: event,
    locationId: salon_id === undefined ? null : Number(salon_id),
    applicationId: Number(application_id),
    fields: rest as Record<string, unknown>,
  };
}

/** A verified lifecycle webhook; switch on `event`. */
export type LifecycleEvent = UninstallEvent | FreezeEvent | PaymentEvent | UnknownLifecycleEvent;

/** Options of {@link verifyLifecycleEvent}. */
export interface VerifyLifecycleOptions {
  /** Your partner token; Altegio puts it in every lifecycle body as `partner_token`. */
  partnerToken: string;
  /** Your application id; a body for another application is refused. */
  applicationId: number;
}

/** @internal Throws a `ConfigurationError` unless the options can verify anything. */
export function checkLifecycleOptions(options: VerifyLifecycleOptions): void {
  // A blank token would make a blank `partner_token` in a forged body compare equal.
  if (!isPartnerToken(options?.partnerToken)) {
    throw new ConfigurationError(
      'partnerToken',
      'The partnerToken option is required to verify lifecycle webhooks: pass your partner token; a blank string verifies nothing.',
    );
  }
  if (!isApplicationId(options.applicationId)) {
    throw new ConfigurationError(
      'applicationId',
      'applicationId must be your Marketplace application id, a positive integer.',
    );
  }
}

/**
 * The message Altegio signs for a `payment` event: `salon_id=<id>&amount=<amount>[&discount=<discount>]`,
 * with `amount` and `discount` as the number text that was sent. Never throws.
 *
 * @example
 * ```ts
 * paymentSignMessage(55, '100.50', null); // "salon_id=55&amount=100.50"
 * ```
 */
export function paymentSignMessage(
  locationId: number | string,
  amount: string,
  discount: string | null,
): string {
  return `salon_id=${locationId}&amount=${amount}${discount === null ? '' : `&discount=${discount}`}`;
}

async function verifySign(
  partnerToken: string,
  locationId: number,
  sign: string,
  amount: number | string,
  discount: number | string | null,
  rawNumbers: () => Record<string, string>,
): Promise<boolean> {
  const given = sign.toLowerCase();
  const matches = async (message: string) =>
    timingSafeEqual(await hmacSha256Hex(partnerToken, message), given);
  // JS formatting of the parsed numbers first (a JS sender, such as Altegio's integrations hub, formats
  // with String(n)); then the text as sent (raw JSON number text, or the string Altegio quoted), which
  // is only scanned for when the first message does not match.
  const parsed = paymentSignMessage(
    locationId,
    String(Number(amount)),
    discount === null ? null : String(Number(discount)),
  );
  if (await matches(parsed)) return true;
  const raw = rawNumbers();
  const asSent = (value: number | string, key: string) =>
    typeof value === 'string' ? value : (raw[key] ?? String(value));
  const sent = paymentSignMessage(
    locationId,
    asSent(amount, 'amount'),
    discount === null ? null : asSent(discount, 'discount'),
  );
  return sent !== parsed && (await matches(sent));
}

/**
 * Verifies a lifecycle webhook (`uninstall`, `freeze`, `payment`) and returns it as a typed event.
 *
 * Checks, in order: the body's shape, `partner_token` (constant time, also when the lengths differ),
 * `application_id`, and for `payment` the `sign`. An `event` value this SDK does not know is verified
 * the same way and returned as `{ event: 'unknown', name, ... }` rather than thrown.
 *
 * `body` may be the raw text or bytes, or an object a framework already parsed: Altegio's checks sit
 * inside the JSON, so re-serialisation does not break them. Raw text is still best for `payment`, since
 * it keeps the sender's number formatting (`100.50`).
 *
 * @throws {WebhookVerificationError} `malformed-body` (not JSON or wrong shape), `invalid-partner-token`,
 * `application-mismatch` or `invalid-sign`.
 * @throws {ConfigurationError} when `partnerToken` is blank or `applicationId` is not a positive integer.
 * @example
 * ```ts
 * const event = await verifyLifecycleEvent(await request.text(), { partnerToken, applicationId });
 * if (event.event === 'uninstall') await markUninstalled(event.locationId);
 * ```
 */
export async function verifyLifecycleEvent(
  body: WebhookBody,
  options: VerifyLifecycleOptions,
): Promise<LifecycleEvent> {
  checkLifecycleOptions(options);
  return verifyLifecycleChecked(body, options);
}

/** @internal {@link verifyLifecycleEvent} for options already checked (by a handler, once). */
export async function verifyLifecycleChecked(
  body: WebhookBody,
  options: VerifyLifecycleOptions,
): Promise<LifecycleEvent> {
  const { value, text } = readBody(body, WHAT);
  const name = typeof value === 'object' && value !== null ? (value as { event?: unknown }).event : undefined;
  let event: LifecycleEvent;
  let token: string;
  let payment: z.output<typeof paymentSchema> | undefined;
  if (name === 'uninstall' || name === 'freeze') {
    const body = parseOrThrow(name === 'uninstall' ? uninstallSchema : freezeSchema, value, WHAT);
    token = body.partner_token;
    event = toStateEvent(body);
  } else if (name === 'payment') {
    payment = parseOrThrow(paymentSchema, value, WHAT);
    token = payment.partner_token;
    event = toPaymentEvent(payment);
  } else {
    const body = parseOrThrow(unknownLifecycleSchema, value, WHAT);
    token = body.partner_token;
    event = toUnknownEvent(body);
  }
  if (!timingSafeEqual(token, options.partnerToken)) {
    throw new WebhookVerificationError(
      'invalid-partner-token',
      'Lifecycle webhook partner_token does not match your partner token: check the partnerToken option given to the verifier or handler, or the request did not come from Altegio.',
    );
  }
  if (event.applicationId !== options.applicationId) {
    throw new WebhookVerificationError(
      'application-mismatch',
      `Lifecycle webhook is for application ${event.applicationId}, not ${options.applicationId}: give each application its own callback URL and handler.`,
    );
  }
  if (payment) {
    const raw = () => (text === undefined ? {} : topLevelNumberTexts(text, ['amount', 'discount']));
    const discount = payment.discount ?? null;
    if (
      !(await verifySign(
        options.partnerToken,
        Number(payment.salon_id),
        payment.sign,
        payment.amount,
        discount,
        raw,
      ))
    ) {
      throw new WebhookVerificationError(
        'invalid-sign',
        'Payment webhook sign does not match its salon_id, amount and discount.',
      );
    }
  }
  return event;
}
