import * as z from 'zod';
import { isValidTimeZone, marketplaceDateTimeInput } from '../core/dates';
import { idOutput, numeric } from '../core/wire';

// ---------------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------------

/** An id we send: a positive safe integer. */
export const idInput = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// `null` and a missing key both mean "not given"; neither breaks the parse.
export const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? undefined);

const snakeToCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Copies an object with camelCase keys (`salon` → `location`, `salon_group` → `chain`), one level deep. */
export function camelKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[snakeToCamel(key.replace(/salon_group/g, 'chain').replace(/salon/g, 'location'))] = item;
  }
  return out;
}

/**
 * Where a link between a location and your app stands (`connection_status.status`): `pending` (granted,
 * waiting for your activation), `active`, `freezed` (sic: frozen for non-payment). Open for values
 * Altegio may add.
 */
export type InstallationStatus = 'pending' | 'active' | 'freezed' | (string & {});

const installationStatus = z.custom<InstallationStatus>((value) => typeof value === 'string', {
  message: 'Expected a status string',
});

const webhookUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'Expected an absolute http(s) URL',
  });

const httpsUrl = z.string().refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
  message: 'Expected an absolute https URL',
});

/** An IANA zone that overrides the client's `timeZone` for one call. */
const timeZone = z
  .string()
  .refine(isValidTimeZone, 'Expected an IANA time zone name, e.g. "America/New_York"')
  .optional();

/** A sum of money: finite and not negative. */
const money = z.number().finite().nonnegative();

// ---------------------------------------------------------------------------------------------------
// activate / activateWithRedirect — POST app /marketplace/partner/callback[/redirect]
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.activate` and `marketplace.activateWithRedirect`. */
export const activateParams = z.object({
  /** Location to activate (`salon_id`). */
  locationId: idInput,
  /**
   * Where Altegio sends entity webhooks for this location (`webhook_urls`); at most 10 absolute http(s)
   * URLs. Use `signWebhookUrl` from `altegio-marketplace/webhooks` to make them per-location capability URLs.
   */
  webhookUrls: z.array(webhookUrl).max(10).optional(),
  /**
   * Key Altegio uses to send notifications through your service (`api_key`; Notifications/SMS apps).
   * Declared a number, documented with a UUID: sent unchanged, never logged.
   */
  apiKey: z.union([z.string().min(1), z.number().finite()]).optional(),
  /**
   * Base URL of your journal sidebar panel (`chat_url`), https. Reaches only a `pending` installation;
   * for an active one use `installFrame`.
   */
  chatUrl: httpsUrl.optional(),
  /** Your tips integration URL (`tips_url`), https. */
  tipsUrl: httpsUrl.optional(),
  /** Notification channels your app serves, enabled on activation (`channels`). */
  channels: z.array(z.enum(['sms', 'whatsapp'])).optional(),
  /** Your app's login for this location (`login`). A secret: sent unchanged, never logged. */
  login: z.string().min(1).optional(),
  /** Your app's secret key for this location (`secret_key`). A secret: sent unchanged, never logged. */
  secretKey: z.string().min(1).optional(),
});
/** Input of `marketplace.activate`. */
export type ActivateParams = z.input<typeof activateParams>;

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
export const installationPayment = z
  .looseObject({
    id: idOutput,
    payment_sum: numeric,
    payment_date: z.string(),
    is_refunded: z.union([z.boolean(), numeric.transform((n) => n !== 0)]).default(false),
    period_from: optional(z.string()),
    period_to: optional(z.string()),
  })
  .transform((p) => ({
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
  }));
/** One payment of {@link Installation.payments}. */
export type InstallationPayment = z.output<typeof installationPayment>;

/** One status transition in an installation's history. */
export const installationLog = z
  .looseObject({
    changed_at: optional(z.string()),
    status_from: optional(z.string()),
    status_to: optional(z.string()),
    source: optional(z.string()),
  })
  .transform((l) => ({
    /** When (`changed_at`), zone-less. */
    changedAt: l.changed_at,
    /** Previous status (`status_from`), e.g. `uninstalled`. */
    statusFrom: l.status_from,
    /** New status (`status_to`). */
    statusTo: l.status_to,
    /** Who caused it (`source`), e.g. `marketplace`, `partner_api`. */
    source: l.source,
  }));
/** One entry of {@link Installation.logs}. */
export type InstallationLog = z.output<typeof installationLog>;

/** The `data` of the installation status answer. */
export const installation = z
  .looseObject({
    connection_status: z.looseObject({ status: installationStatus, created_at: optional(z.string()) }),
    payments: z.array(installationPayment).nullish(),
    logs: z.array(installationLog).nullish(),
  })
  .transform((i) => ({
    /** `connection_status.status`: `pending`, `active` or `freezed`. */
    status: i.connection_status.status,
    /** When the link was created (`connection_status.created_at`), zone-less. */
    createdAt: i.connection_status.created_at,
    /** Payments reported for this location (`payments`). */
    payments: i.payments ?? [],
    /** Status history (`logs`). */
    logs: i.logs ?? [],
  }));
/** A location's installation of your app, as `getInstallation` returns it. */
export type Installation = z.output<typeof installation>;

// ---------------------------------------------------------------------------------------------------
// listLocations / locations — GET app /marketplace/application/{application_id}/salons
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.listLocations`. */
export const listLocationsParams = z.object({
  /** Page number (`page`); Altegio's base is undocumented, the SDK assumes 1. @default 1 */
  page: z.number().int().nonnegative().default(1),
  /** Locations per page (`count`), 1–1000. @default 100 */
  count: z.number().int().min(1).max(1000).default(100),
});
/** Input of `marketplace.listLocations`. */
export type ListLocationsParams = z.input<typeof listLocationsParams>;

/** Input of `marketplace.locations`. */
export const locationsParams = z.object({
  /** Locations fetched per request, 1–1000. @default 100 */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Number of the first page. @default 1 */
  firstPage: z.number().int().nonnegative().default(1),
});
/** Input of `marketplace.locations`. */
export type LocationsParams = z.input<typeof locationsParams>;

const flag = z.union([z.boolean(), numeric.transform((n) => n !== 0)]);

/** A location that has your app, as listed by Altegio. Unknown wire fields are kept, camelCased. */
export const location = z
  .looseObject({
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
  })
  .transform((l) => ({
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
  }));
/** A location listed by `listLocations` / `locations()`. */
export type Location = z.output<typeof location>;

export const locationList = z.array(location);

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
export const reportPaymentParams = z.object({
  /** Location that paid (`salon_id`). */
  locationId: idInput,
  /** ISO 4217 code, three upper-case letters (`currency_iso`), e.g. `USD`. */
  currencyIso: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code of three upper-case letters, e.g. "USD"'),
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
  idempotencyKey: z
    .string()
    .min(1, 'Expected a string of 1–200 characters')
    .max(200, 'Expected a string of 1–200 characters')
    .nullish()
    .transform((value) => value ?? undefined),
});
/** Input of `marketplace.reportPayment`. */
export type ReportPaymentParams = z.input<typeof reportPaymentParams>;

/** The `data` of the payment answer: `{ id }`. */
export const reportPaymentResult = z.looseObject({ id: idOutput }).transform((d) => ({
  /** The payment id (`data.id`): store it, it is the only handle for `refundPayment`. */
  paymentId: d.id,
}));
/** What `reportPayment` resolves to. */
export type ReportPaymentResult = z.output<typeof reportPaymentResult>;

/** Input of `marketplace.reconcilePayment`: the same object you passed to `reportPayment` fits. */
export const reconcilePaymentParams = z.object({
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
  paymentDate: marketplaceDateTimeInput.optional(),
  /** Accepted so a `reportPayment` argument can be passed as is; ignored (payments carry no currency). */
  currencyIso: z.string().optional(),
  /** IANA zone in which `Date` inputs are written before comparing. @default the client's `timeZone` */
  timeZone,
});
/** Input of `marketplace.reconcilePayment`. */
export type ReconcilePaymentParams = z.input<typeof reconcilePaymentParams>;

// ---------------------------------------------------------------------------------------------------
// listTariffs — GET api /marketplace/application/{application_id}/tariffs
// ---------------------------------------------------------------------------------------------------

const tariffOption = z
  .looseObject({
    id: idOutput,
    title: optional(z.string()),
    overall_price: optional(numeric),
    duration_in_months: optional(numeric),
    currency_iso: optional(z.string()),
    staff_amount: optional(numeric),
    free_period_in_months: optional(numeric),
  })
  .transform((o) => ({
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
  }));

/** A tariff of your app with its price options. */
export const tariff = z
  .looseObject({ id: idOutput, title: optional(z.string()), options: z.array(tariffOption).nullish() })
  .transform((t) => ({
    /** Tariff id (`id`). */
    id: t.id,
    /** Name (`title`), e.g. `1 month`. */
    title: t.title,
    /** Price options (`options`). */
    options: t.options ?? [],
  }));
/** A tariff returned by `listTariffs`. */
export type Tariff = z.output<typeof tariff>;
export const tariffList = z.array(tariff);

// ---------------------------------------------------------------------------------------------------
// addDiscount, createPaymentLink, setChannelAvailability, setShortNames
// ---------------------------------------------------------------------------------------------------

/** A discount in percent; values outside 0–100 are sent but logged as a warning. */
const discount = z.number().finite();

/** Input of `marketplace.addDiscount`. */
export const addDiscountParams = z.object({
  /** Locations that get the discount (`salon_ids`), 1–1000. */
  locationIds: z.array(idInput).min(1).max(1000),
  /** Discount in percent (`discount`), e.g. `15.5`. */
  discount,
});
/** Input of `marketplace.addDiscount`. */
export type AddDiscountParams = z.input<typeof addDiscountParams>;

/** Input of `marketplace.createPaymentLink`. */
export const paymentLinkParams = z.object({
  /** Location that will pay (`salon_id`). */
  locationId: idInput,
  /** Discount in percent (`discount`). */
  discount: discount.optional(),
  /** The tariff option to pay for (`tariff_option_id`), an `id` of `listTariffs()` options. */
  tariffOptionId: idInput.optional(),
});
/** Input of `marketplace.createPaymentLink`. */
export type PaymentLinkParams = z.input<typeof paymentLinkParams>;

/** The `data` of the payment link answer. */
export const paymentLink = z.looseObject({ url: z.string() }).transform((d) => ({
  /** Altegio-hosted payment page (`url`); treat it as opaque. */
  url: d.url,
}));
/** What `createPaymentLink` resolves to. */
export type PaymentLink = z.output<typeof paymentLink>;

/** Input of `marketplace.setChannelAvailability`. */
export const channelAvailabilityParams = z.object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** Channel (`channel_slug`). */
  channelSlug: z.enum(['sms', 'whatsapp']),
  /** Whether the channel can be used (`is_available`). */
  isAvailable: z.boolean(),
});
/** Input of `marketplace.setChannelAvailability`. */
export type ChannelAvailabilityParams = z.input<typeof channelAvailabilityParams>;

/** Input of `marketplace.setShortNames`. */
export const shortNamesParams = z.object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** SMS sender names (`short_names`), 1–20 non-empty strings. */
  shortNames: z
    .array(z.string().refine((name) => name.trim() !== '', 'Expected a non-empty name'))
    .min(1)
    .max(20),
});
/** Input of `marketplace.setShortNames`. */
export type ShortNamesParams = z.input<typeof shortNamesParams>;

// ---------------------------------------------------------------------------------------------------
// installFrame — POST app /marketplace/application/install_frame
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.installFrame`. */
export const installFrameParams = z.object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** Frame type (`type`); Altegio installs the journal sidebar panel, `chat`. */
  type: z.literal('chat'),
  /** The frame's base URL (`url`), https. */
  url: httpsUrl,
});
/** Input of `marketplace.installFrame`. */
export type InstallFrameParams = z.input<typeof installFrameParams>;

// ---------------------------------------------------------------------------------------------------
// webhook settings — GET/POST api /hooks_settings/{location_id}
// ---------------------------------------------------------------------------------------------------

/** Altegio's limit of webhook URLs per location. */
export const MAX_WEBHOOK_URLS = 10;

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
export const webhookSettings = z
  .looseObject({
    urls: z.array(z.string()).nullish(),
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
  })
  .transform((w) => ({
    /** Every URL the location sends entity webhooks to (`urls`), yours and other apps'. */
    urls: w.urls ?? [],
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
  }));
/** A location's entity webhook settings, as `getWebhookSettings` returns them. */
export type WebhookSettings = z.output<typeof webhookSettings>;

/**
 * Input of `marketplace.updateWebhookSettings`: the whole settings of the location. Altegio replaces
 * everything, other apps' URLs included; prefer `addWebhookUrls` / `removeWebhookUrls`.
 */
export const webhookSettingsParams = z.object({
  /** Every URL the location should send to (`urls`), at most 10 absolute http(s) URLs. */
  urls: z.array(webhookUrl).max(MAX_WEBHOOK_URLS, 'Altegio keeps at most 10 webhook URLs per location'),
  /** Whether notifications are on (`active`). */
  active: z.boolean(),
  /** Location events (`salon`). @default false */
  location: z.boolean().optional(),
  /** Service category events (`service_category`). @default false */
  serviceCategory: z.boolean().optional(),
  /** Service events (`service`). @default false */
  service: z.boolean().optional(),
  /** Product events (`good`). @default false */
  good: z.boolean().optional(),
  /** Team member events (`master`). @default false */
  staff: z.boolean().optional(),
  /** Client events (`client`). @default false */
  client: z.boolean().optional(),
  /** Appointment events (`record`). @default false */
  record: z.boolean().optional(),
  /** Product sale events (`goods_operations_sale`). @default false */
  goodsSale: z.boolean().optional(),
  /** Product arrival events (`goods_operations_receipt`). @default false */
  goodsReceipt: z.boolean().optional(),
  /** Consumable write-off events (`goods_operations_consumable`). @default false */
  goodsConsumable: z.boolean().optional(),
  /** Product write-off events (`goods_operations_stolen`). @default false */
  goodsStolen: z.boolean().optional(),
  /** Product movement events (`goods_operations_move`). @default false */
  goodsMove: z.boolean().optional(),
  /** Financial operation events (`finances_operation`). @default false */
  financesOperation: z.boolean().optional(),
  /** Whether the webhook creator also gets events of its own actions (`self_sending`). @default false */
  selfSending: z.boolean().optional(),
});
/** Input of `marketplace.updateWebhookSettings`. */
export type WebhookSettingsParams = z.input<typeof webhookSettingsParams>;

/** URLs for `addWebhookUrls` / `removeWebhookUrls`: 1–10 absolute http(s) URLs. */
export const webhookUrlList = z.array(webhookUrl).min(1).max(MAX_WEBHOOK_URLS);

/** Input of methods that take only a location id. */
export const locationIdParam = idInput;
/** Input of `refundPayment`. */
export const paymentIdParam = idInput;
