import * as z from 'zod/mini';
import { object } from '../core/objects';
import { marketplaceDateTimeInput } from '../core/date-inputs';
import { answer, idInput, idOutput, listOf, nullishInput, numeric, optional } from '../core/wire';
import { timeZone, money } from './schema-parts';

// Payments, refunds, tariffs, discounts, payment links, channels and SMS sender names.
// ---------------------------------------------------------------------------------------------------
// reportPayment / reconcilePayment / refundPayment — POST app /marketplace/partner/payment[/refund/{id}]
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.reportPayment`. */
export const reportPaymentParamsSchema = object({
  /** Location that paid (`salon_id`). */
  locationId: idInput,
  /** ISO 4217 code, three upper-case letters (`currency_iso`), e.g. `USD`. */
  currencyIso: z
    .string()
    .check(z.regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code of three upper-case letters, e.g. "USD"')),
  /** Amount, not negative (`payment_sum`). */
  paymentSum: money,
  /** When it was paid (`payment_date`): a `Date` (written in the client's `timeZone`) or `YYYY-MM-DD HH:MM:SS`. */
  paymentDate: marketplaceDateTimeInput,
  /** First moment of the paid period, inclusive (`period_from`). */
  periodFrom: marketplaceDateTimeInput,
  /** Last moment of the paid period, inclusive (`period_to`). */
  periodTo: marketplaceDateTimeInput,
  /**
   * IANA zone in which `Date` inputs are written, e.g. the location's `timezoneName`. Not sent.
   * @default the client's `timeZone`
   */
  timeZone,
  /**
   * Your key for this payment (1–200 characters, e.g. `payment:<your invoice id>`): the first call
   * claims it in the client's `store` before sending; a repeat from any instance returns the first
   * result without sending again. Not sent.
   * @default none (no ledger: a repeat sends again)
   */
  // Not `optional(...)`, which drops an invalid value: a malformed key must fail, not pay without the ledger.
  idempotencyKey: nullishInput(
    z
      .string()
      .check(
        z.minLength(1, 'Expected a string of 1–200 characters'),
        z.maxLength(200, 'Expected a string of 1–200 characters'),
      ),
  ),
});
/** Input of `marketplace.reportPayment`. */
export type ReportPaymentParams = z.input<typeof reportPaymentParamsSchema>;

/** The `data` of the payment answer: `{ id }`. */
export const reportPaymentResultSchema = answer({ id: idOutput }, (d) => ({
  /** The payment id (`data.id`): store it, it is the only handle for `refundPayment`. */
  paymentId: d.id,
}));
/** What `reportPayment` resolves to. */
export type ReportPaymentResult = z.output<typeof reportPaymentResultSchema>;

/** @internal The options of `marketplace.refundPayment` besides `signal` (`RefundPaymentOptions`). */
export const refundPaymentOptionsSchema = object({
  idempotencyKey: nullishInput(
    z
      .string()
      .check(
        z.minLength(1, 'Expected a string of 1–200 characters'),
        z.maxLength(200, 'Expected a string of 1–200 characters'),
      ),
  ),
  locationId: nullishInput(idInput),
});

/** Input of `marketplace.reconcilePayment`: the same object you passed to `reportPayment` fits. */
export const reconcilePaymentParamsSchema = object({
  /** Location of the payment (`salon_id`). */
  locationId: idInput,
  /** Amount that was sent; matched to the cent. */
  paymentSum: money,
  /**
   * First moment of the paid period that was sent; the payment's `period_from` must equal it. Required:
   * without the period, last month's payment of the same amount would match.
   */
  periodFrom: marketplaceDateTimeInput,
  /** Last moment of the paid period that was sent; the payment's `period_to` must equal it. Required. */
  periodTo: marketplaceDateTimeInput,
  /** When given, the payment's `payment_date` must equal it too. */
  paymentDate: z.optional(marketplaceDateTimeInput),
  /** Accepted so a `reportPayment` argument can be passed as is; ignored (payments carry no currency). */
  currencyIso: z.optional(z.string()),
  /** IANA zone in which `Date` inputs are written before comparing. @default the client's `timeZone` */
  timeZone,
});
/** Input of `marketplace.reconcilePayment`. */
export type ReconcilePaymentParams = z.input<typeof reconcilePaymentParamsSchema>;

// ---------------------------------------------------------------------------------------------------
// listTariffs — GET api /marketplace/application/{application_id}/tariffs
// ---------------------------------------------------------------------------------------------------

const tariffOptionSchema = answer(
  {
    id: idOutput,
    title: optional(z.string()),
    overall_price: optional(numeric),
    duration_in_months: optional(numeric),
    currency_iso: optional(z.string()),
    staff_amount: optional(numeric),
    free_period_in_months: optional(numeric),
  },
  (o) => ({
    /** Option id (`id`). */
    id: o.id,
    /** Name (`title`), e.g. `Solo professional`. */
    title: o.title,
    /** Price of the whole period (`overall_price`). */
    overallPrice: o.overall_price,
    /** Period length in months (`duration_in_months`). */
    durationInMonths: o.duration_in_months,
    /** Currency (`currency_iso`). */
    currencyIso: o.currency_iso,
    /** Team members covered (`staff_amount`). */
    staffAmount: o.staff_amount,
    /** Free months (`free_period_in_months`). */
    freePeriodInMonths: o.free_period_in_months,
  }),
);

/** A tariff of your app with its price options. */
export const tariffSchema = answer(
  { id: idOutput, title: optional(z.string()), options: listOf(tariffOptionSchema) },
  (t) => ({
    /** Tariff id (`id`). */
    id: t.id,
    /** Name (`title`), e.g. `1 month`. */
    title: t.title,
    /** Price options (`options`). */
    options: t.options,
  }),
);
/** A tariff returned by `listTariffs`. */
export type Tariff = z.output<typeof tariffSchema>;
export const tariffListSchema = z.array(tariffSchema);

// ---------------------------------------------------------------------------------------------------
// addDiscount, createPaymentLink, setChannelAvailability, setShortNames
// ---------------------------------------------------------------------------------------------------

/** A discount in percent; values outside 0–100 are sent but logged as a warning. */
const discount = z.number();

/** Input of `marketplace.addDiscount`. */
export const addDiscountParamsSchema = object({
  /** Locations that get the discount (`salon_ids`), 1–1000. */
  locationIds: z.array(idInput).check(z.minLength(1), z.maxLength(1000)),
  /** Discount in percent (`discount`), e.g. `15.5`. */
  discount,
});
/** Input of `marketplace.addDiscount`. */
export type AddDiscountParams = z.input<typeof addDiscountParamsSchema>;

/** Input of `marketplace.createPaymentLink`. */
export const paymentLinkParamsSchema = object({
  /** Location that will pay (`salon_id`). */
  locationId: idInput,
  /** Discount in percent (`discount`). */
  discount: z.optional(discount),
  /** The tariff option to pay for (`tariff_option_id`), an `id` of `listTariffs()` options. */
  tariffOptionId: z.optional(idInput),
});
/** Input of `marketplace.createPaymentLink`. */
export type PaymentLinkParams = z.input<typeof paymentLinkParamsSchema>;

/** The `data` of the payment link answer. */
export const paymentLinkSchema = answer({ url: z.string() }, (d) => ({
  /** Altegio-hosted payment page (`url`); treat it as opaque. */
  url: d.url,
}));
/** What `createPaymentLink` resolves to. */
export type PaymentLink = z.output<typeof paymentLinkSchema>;

/** Input of `marketplace.setChannelAvailability`. */
export const channelAvailabilityParamsSchema = object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** Channel (`channel_slug`). */
  channelSlug: z.enum(['sms', 'whatsapp']),
  /** Whether the channel can be used (`is_available`). */
  isAvailable: z.boolean(),
});
/** Input of `marketplace.setChannelAvailability`. */
export type ChannelAvailabilityParams = z.input<typeof channelAvailabilityParamsSchema>;

/** Input of `marketplace.setShortNames`. */
export const shortNamesParamsSchema = object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** SMS sender names (`short_names`), 1–20 non-empty strings. */
  shortNames: z
    .array(z.string().check(z.refine((name: string) => name.trim() !== '', 'Expected a non-empty name')))
    .check(z.minLength(1), z.maxLength(20)),
});
/** Input of `marketplace.setShortNames`. */
export type ShortNamesParams = z.input<typeof shortNamesParamsSchema>;
