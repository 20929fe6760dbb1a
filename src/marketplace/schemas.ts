import * as z from 'zod/mini';
import { isValidTimeZone, marketplaceDateTimeInput } from '../core/dates';
import {
  answer,
  camelKeys,
  flag,
  idInput,
  idOutput,
  listOf,
  nullishInput,
  numeric,
  optional,
} from '../core/wire';

// Schema and type names follow the scheme written at the top of src/core/wire.ts.

/**
 * Where a link between a location and your app stands (`connection_status.status`): `pending` (granted,
 * waiting for your activation), `active`, `freezed` (sic: frozen for non-payment). Open for values
 * Altegio may add.
 */
export type InstallationStatus = 'pending' | 'active' | 'freezed' | (string & {});

const installationStatus = z.custom<InstallationStatus>(
  (value) => typeof value === 'string',
  'Expected a status string',
);

const webhookUrl = z
  .string()
  .check(
    z.refine(
      (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
      'Expected an absolute http(s) URL',
    ),
  );

const httpsUrl = z
  .string()
  .check(
    z.refine(
      (value: string) => URL.canParse(value) && new URL(value).protocol === 'https:',
      'Expected an absolute https URL',
    ),
  );

/** Altegio's limit of webhook URLs per location. */
export const MAX_WEBHOOK_URLS = 10;

/** The message of every "too many webhook URLs" refusal. */
export const TOO_MANY_WEBHOOK_URLS = `Altegio keeps at most ${MAX_WEBHOOK_URLS} webhook URLs per location`;

/** Hosts an activation webhook URL may reach over plain http: this machine, for local rehearsal only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An activation webhook URL: https, as Altegio's own hub requires for `webhook_urls`; plain http only
 * for a loopback host (`127.0.0.1`, `localhost`, `[::1]`), so a local rehearsal against the fake works.
 */
const activationWebhookUrl = z.string().check(
  z.refine((value: string) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'Expected an absolute https URL (plain http only for 127.0.0.1, localhost or [::1], to rehearse locally)'),
);

/** An IANA zone that overrides the client's `timeZone` for one call. */
const timeZone = z.optional(
  z.string().check(z.refine(isValidTimeZone, 'Expected an IANA time zone name, e.g. "America/New_York"')),
);

/** A sum of money: finite and not negative. */
const money = z.number().check(z.nonnegative());

// ---------------------------------------------------------------------------------------------------
// activate / activateWithRedirect — POST app /marketplace/partner/callback[/redirect]
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.activate` and `marketplace.activateWithRedirect`. */
export const activateParamsSchema = z.object({
  /** Location to activate (`salon_id`). */
  locationId: idInput,
  /**
   * Where Altegio sends entity webhooks for this location (`webhook_urls`); at most 10 absolute https
   * URLs (plain http is accepted only for `127.0.0.1`, `localhost` and `[::1]`, to rehearse locally
   * against the fake). Use `signWebhookUrl` from `altegio-marketplace/webhooks` to make them
   * per-location capability URLs.
   */
  webhookUrls: z.optional(
    z.array(activationWebhookUrl).check(z.maxLength(MAX_WEBHOOK_URLS, TOO_MANY_WEBHOOK_URLS)),
  ),
  /**
   * Key Altegio uses to send notifications through your service (`api_key`; Notifications/SMS apps).
   * Declared a number, documented with a UUID: sent unchanged, never logged.
   */
  apiKey: z.optional(z.union([z.string().check(z.minLength(1)), z.number()])),
  /**
   * Base URL of your journal sidebar panel (`chat_url`), https. Reaches only a `pending` installation;
   * for an active one use `installFrame`.
   */
  chatUrl: z.optional(httpsUrl),
  /** Your tips integration URL (`tips_url`), https. */
  tipsUrl: z.optional(httpsUrl),
  /** Notification channels your app serves, enabled on activation (`channels`). */
  channels: z.optional(z.array(z.enum(['sms', 'whatsapp']))),
  /** Your app's login for this location (`login`). A secret: sent unchanged, never logged. */
  login: z.optional(z.string().check(z.minLength(1))),
  /** Your app's secret key for this location (`secret_key`). A secret: sent unchanged, never logged. */
  secretKey: z.optional(z.string().check(z.minLength(1))),
});
/** Input of `marketplace.activate`. */
export type ActivateParams = z.input<typeof activateParamsSchema>;

/**
 * What `activate` did: `activated` (the installation was `pending` and the callback was accepted) or
 * `already-active` (it was active already, or another instance activated it at the same moment).
 */
export type ActivateOutcome = 'activated' | 'already-active';

/** What `marketplace.activate` resolves to. */
export interface ActivateResult {
  /** What happened, as described in {@link ActivateOutcome}. */
  outcome: ActivateOutcome;
}

/** What `activateWithRedirect` resolves to. */
export interface ActivateRedirectResult {
  /** The `Location` of Altegio's 301 answer, exactly as sent (not followed); `null` when it sent none. */
  redirectUrl: string | null;
}

// ---------------------------------------------------------------------------------------------------
// getInstallation — GET app /marketplace/salon/{location_id}/application/{application_id}
// ---------------------------------------------------------------------------------------------------

/** One payment in an installation's history. */
export const installationPaymentSchema = answer(
  {
    id: idOutput,
    payment_sum: numeric,
    payment_date: z.string(),
    is_refunded: z._default(flag, false),
    period_from: optional(z.string()),
    period_to: optional(z.string()),
  },
  (p) => ({
    /** Payment id (`id`), the handle for `refundPayment`. */
    id: p.id,
    /** Amount (`payment_sum`). */
    paymentSum: p.payment_sum,
    /** When it was paid (`payment_date`), zone-less `YYYY-MM-DD HH:MM:SS` as Altegio wrote it. */
    paymentDate: p.payment_date,
    /** Whether a refund was reported (`is_refunded`). */
    isRefunded: p.is_refunded,
    /** Start of the paid period (`period_from`). */
    periodFrom: p.period_from,
    /** End of the paid period (`period_to`). */
    periodTo: p.period_to,
  }),
);
/** One payment of {@link Installation.payments}. */
export type InstallationPayment = z.output<typeof installationPaymentSchema>;

/** One status transition in an installation's history. */
export const installationLogSchema = answer(
  {
    changed_at: optional(z.string()),
    status_from: optional(z.string()),
    status_to: optional(z.string()),
    source: optional(z.string()),
  },
  (l) => ({
    /** When (`changed_at`), zone-less. */
    changedAt: l.changed_at,
    /** Previous status (`status_from`), e.g. `uninstalled`. */
    statusFrom: l.status_from,
    /** New status (`status_to`). */
    statusTo: l.status_to,
    /** Who caused it (`source`), e.g. `marketplace`, `partner_api`. */
    source: l.source,
  }),
);
/** One entry of {@link Installation.logs}. */
export type InstallationLog = z.output<typeof installationLogSchema>;

/** The `data` of the installation status answer. */
export const installationSchema = answer(
  {
    connection_status: z.looseObject({ status: installationStatus, created_at: optional(z.string()) }),
    payments: listOf(installationPaymentSchema),
    logs: listOf(installationLogSchema),
  },
  (i) => ({
    /** `connection_status.status`: `pending`, `active` or `freezed`. */
    status: i.connection_status.status,
    /** When the link was created (`connection_status.created_at`), zone-less. */
    createdAt: i.connection_status.created_at,
    /** Payments reported for this location (`payments`). */
    payments: i.payments,
    /** Status history (`logs`). */
    logs: i.logs,
  }),
);
/** A location's installation of your app, as `getInstallation` returns it. */
export type Installation = z.output<typeof installationSchema>;

// ---------------------------------------------------------------------------------------------------
// listLocations / locations — GET app /marketplace/application/{application_id}/salons
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.listLocations`. */
export const listLocationsParamsSchema = z.object({
  /** Page number (`page`); Altegio's base is undocumented, the SDK assumes 1. @default 1 */
  page: z._default(z.int().check(z.nonnegative()), 1),
  /** Locations per page (`count`), 1–1000. @default 100 */
  count: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 100),
});
/** Input of `marketplace.listLocations`. */
export type ListLocationsParams = z.input<typeof listLocationsParamsSchema>;

/** Input of `marketplace.locations`. */
export const locationsParamsSchema = z.object({
  /** Locations fetched per request, 1–1000. @default 100 */
  pageSize: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 100),
  /** Number of the first page. @default 1 */
  firstPage: z._default(z.int().check(z.nonnegative()), 1),
});
/** Input of `marketplace.locations`. */
export type LocationsParams = z.input<typeof locationsParamsSchema>;

/** A location that has your app, as listed by Altegio. Unknown wire fields are kept, camelCased. */
export const locationSchema = answer(
  {
    id: idOutput,
    title: optional(z.string()),
    public_title: optional(z.string()),
    active: optional(flag),
    phone: optional(z.string()),
    email: optional(z.string()),
    country_id: optional(idOutput),
    country: optional(z.string()),
    city_id: optional(idOutput),
    city: optional(z.string()),
    timezone: optional(numeric),
    timezone_name: optional(z.string()),
    address: optional(z.string()),
    currency_short_title: optional(z.string()),
  },
  (l) => ({
    ...camelKeys(l),
    /** Location id (`id`). */
    id: l.id,
    /** Name (`title`). */
    title: l.title,
    /** Public name (`public_title`). */
    publicTitle: l.public_title,
    /** Whether the location is active in Altegio (`active`, 1/0 on the wire). */
    active: l.active,
    /** Phone (`phone`), as Altegio wrote it. */
    phone: l.phone,
    /** E-mail (`email`). */
    email: l.email,
    /** Country id (`country_id`). */
    countryId: l.country_id,
    /** Country name (`country`). */
    country: l.country,
    /** City id (`city_id`). */
    cityId: l.city_id,
    /** City name (`city`). */
    city: l.city,
    /** UTC offset in hours (`timezone`). */
    timezone: l.timezone,
    /** IANA zone (`timezone_name`): pass it as `timeZone` when reporting this location's payments. */
    timezoneName: l.timezone_name,
    /** Address (`address`). */
    address: l.address,
    /** Currency sign (`currency_short_title`), e.g. `$`. */
    currencyShortTitle: l.currency_short_title,
  }),
);
/** A location listed by `listLocations` / `locations()`. */
export type Location = z.output<typeof locationSchema>;

export const locationListSchema = z.array(locationSchema);

/** One page of `listLocations`. */
export interface LocationPage {
  /** The locations of this page. */
  locations: Location[];
  /** The page number that was requested. */
  page: number;
  /** The page size that was requested. */
  count: number;
  /** `true` when the page was full, so a next page may exist. */
  hasMore: boolean;
}

// ---------------------------------------------------------------------------------------------------
// reportPayment / reconcilePayment / refundPayment — POST app /marketplace/partner/payment[/refund/{id}]
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.reportPayment`. */
export const reportPaymentParamsSchema = z.object({
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
export const refundPaymentOptionsSchema = z.object({
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
export const reconcilePaymentParamsSchema = z.object({
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
export const addDiscountParamsSchema = z.object({
  /** Locations that get the discount (`salon_ids`), 1–1000. */
  locationIds: z.array(idInput).check(z.minLength(1), z.maxLength(1000)),
  /** Discount in percent (`discount`), e.g. `15.5`. */
  discount,
});
/** Input of `marketplace.addDiscount`. */
export type AddDiscountParams = z.input<typeof addDiscountParamsSchema>;

/** Input of `marketplace.createPaymentLink`. */
export const paymentLinkParamsSchema = z.object({
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
export const channelAvailabilityParamsSchema = z.object({
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
export const shortNamesParamsSchema = z.object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** SMS sender names (`short_names`), 1–20 non-empty strings. */
  shortNames: z
    .array(z.string().check(z.refine((name: string) => name.trim() !== '', 'Expected a non-empty name')))
    .check(z.minLength(1), z.maxLength(20)),
});
/** Input of `marketplace.setShortNames`. */
export type ShortNamesParams = z.input<typeof shortNamesParamsSchema>;

// ---------------------------------------------------------------------------------------------------
// installFrame — POST app /marketplace/application/install_frame
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.installFrame`. */
export const installFrameParamsSchema = z.object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** Frame type (`type`); Altegio installs the journal sidebar panel, `chat`. */
  type: z.literal('chat'),
  /** The frame's base URL (`url`), https. */
  url: httpsUrl,
});
/** Input of `marketplace.installFrame`. */
export type InstallFrameParams = z.input<typeof installFrameParamsSchema>;

// ---------------------------------------------------------------------------------------------------
// webhook settings — GET/POST api /hooks_settings/{location_id}
// ---------------------------------------------------------------------------------------------------

/** Wire name of each entity switch of the webhook settings, by SDK name. */
export const webhookEntityFields = {
  location: 'salon',
  serviceCategory: 'service_category',
  service: 'service',
  good: 'good',
  staff: 'master',
  client: 'client',
  record: 'record',
  goodsSale: 'goods_operations_sale',
  goodsReceipt: 'goods_operations_receipt',
  goodsConsumable: 'goods_operations_consumable',
  goodsStolen: 'goods_operations_stolen',
  goodsMove: 'goods_operations_move',
  financesOperation: 'finances_operation',
  selfSending: 'self_sending',
} as const;

const wireFlag = optional(flag);

/** The `data` of `GET /hooks_settings/{location_id}`: `1`/`0` flags read as booleans. */
export const webhookSettingsSchema = answer(
  {
    urls: listOf(z.string()),
    active: wireFlag,
    salon: wireFlag,
    service_category: wireFlag,
    service: wireFlag,
    good: wireFlag,
    master: wireFlag,
    client: wireFlag,
    record: wireFlag,
    goods_operations_sale: wireFlag,
    goods_operations_receipt: wireFlag,
    goods_operations_consumable: wireFlag,
    goods_operations_stolen: wireFlag,
    goods_operations_move: wireFlag,
    finances_operation: wireFlag,
    self_sending: wireFlag,
  },
  (w) => ({
    /** Every URL the location sends entity webhooks to (`urls`), yours and other apps'. */
    urls: w.urls,
    /** Whether notifications are on (`active`). */
    active: w.active,
    /** Location events (`salon`). */
    location: w.salon,
    /** Service category events (`service_category`). */
    serviceCategory: w.service_category,
    /** Service events (`service`). */
    service: w.service,
    /** Product events (`good`). */
    good: w.good,
    /** Team member events (`master`). */
    staff: w.master,
    /** Client events (`client`). */
    client: w.client,
    /** Appointment events (`record`). */
    record: w.record,
    /** Product sale events (`goods_operations_sale`). */
    goodsSale: w.goods_operations_sale,
    /** Product arrival events (`goods_operations_receipt`). */
    goodsReceipt: w.goods_operations_receipt,
    /** Consumable write-off events (`goods_operations_consumable`). */
    goodsConsumable: w.goods_operations_consumable,
    /** Product write-off events (`goods_operations_stolen`). */
    goodsStolen: w.goods_operations_stolen,
    /** Product movement events (`goods_operations_move`). */
    goodsMove: w.goods_operations_move,
    /** Financial operation events (`finances_operation`). */
    financesOperation: w.finances_operation,
    /** Whether the webhook creator also gets events of its own actions (`self_sending`). */
    selfSending: w.self_sending,
  }),
);
/** A location's entity webhook settings, as `getWebhookSettings` returns them. */
export type WebhookSettings = z.output<typeof webhookSettingsSchema>;

/**
 * @internal The `data` of `GET /hooks_settings/{location_id}` twice: `raw`, the wire object exactly as
 * read (every field, unknown ones too), to write back unchanged; `settings`, its public reading.
 */
export const webhookSettingsReadSchema = z.pipe(
  z.record(z.string(), z.unknown()),
  z.transform((raw: Record<string, unknown>, ctx) => {
    const read = z.safeParse(webhookSettingsSchema, raw);
    if (read.success) return { raw, settings: read.data };
    for (const issue of read.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: raw });
    }
    return z.NEVER;
  }),
);

/**
 * Input of `marketplace.updateWebhookSettings`: the whole settings of the location. Altegio replaces
 * everything, other apps' URLs included; prefer `addWebhookUrls` / `removeWebhookUrls`.
 */
export const webhookSettingsParamsSchema = z.object({
  /** Every URL the location should send to (`urls`), at most 10 absolute http(s) URLs. */
  urls: z.array(webhookUrl).check(z.maxLength(MAX_WEBHOOK_URLS, TOO_MANY_WEBHOOK_URLS)),
  /** Whether notifications are on (`active`). */
  active: z.boolean(),
  /** Location events (`salon`). @default false */
  location: z.optional(z.boolean()),
  /** Service category events (`service_category`). @default false */
  serviceCategory: z.optional(z.boolean()),
  /** Service events (`service`). @default false */
  service: z.optional(z.boolean()),
  /** Product events (`good`). @default false */
  good: z.optional(z.boolean()),
  /** Team member events (`master`). @default false */
  staff: z.optional(z.boolean()),
  /** Client events (`client`). @default false */
  client: z.optional(z.boolean()),
  /** Appointment events (`record`). @default false */
  record: z.optional(z.boolean()),
  /** Product sale events (`goods_operations_sale`). @default false */
  goodsSale: z.optional(z.boolean()),
  /** Product arrival events (`goods_operations_receipt`). @default false */
  goodsReceipt: z.optional(z.boolean()),
  /** Consumable write-off events (`goods_operations_consumable`). @default false */
  goodsConsumable: z.optional(z.boolean()),
  /** Product write-off events (`goods_operations_stolen`). @default false */
  goodsStolen: z.optional(z.boolean()),
  /** Product movement events (`goods_operations_move`). @default false */
  goodsMove: z.optional(z.boolean()),
  /** Financial operation events (`finances_operation`). @default false */
  financesOperation: z.optional(z.boolean()),
  /** Whether the webhook creator also gets events of its own actions (`self_sending`). @default false */
  selfSending: z.optional(z.boolean()),
});
/** Input of `marketplace.updateWebhookSettings`. */
export type WebhookSettingsParams = z.input<typeof webhookSettingsParamsSchema>;

/** URLs for `addWebhookUrls` / `removeWebhookUrls`: 1–10 absolute http(s) URLs. */
export const webhookUrlListSchema = z
  .array(webhookUrl)
  .check(
    z.minLength(1),
    z.maxLength(MAX_WEBHOOK_URLS, `${TOO_MANY_WEBHOOK_URLS}: give at most ${MAX_WEBHOOK_URLS}`),
  );

/** Input of methods that take only a location id. */
export const locationIdSchema = idInput;
/** Input of `refundPayment`. */
export const paymentIdSchema = idInput;
