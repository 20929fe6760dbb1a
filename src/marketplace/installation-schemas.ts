import * as z from 'zod/mini';
import { looseObject, object } from '../core/objects';
import { answer, camelKeys, flag, idInput, idOutput, listOf, numeric, optional } from '../core/wire';
import {
  installationStatus,
  httpsUrl,
  MAX_WEBHOOK_URLS,
  TOO_MANY_WEBHOOK_URLS,
  activationWebhookUrl,
} from './schema-parts';

// Activation, installation status and the location list.
// ---------------------------------------------------------------------------------------------------
// activate / activateWithRedirect — POST app /marketplace/partner/callback[/redirect]
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.activate` and `marketplace.activateWithRedirect`. */
export const activateParamsSchema = object({
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
    connection_status: looseObject({ status: installationStatus, created_at: optional(z.string()) }),
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
export const listLocationsParamsSchema = object({
  /** Page number (`page`); Altegio's base is undocumented, the SDK assumes 1. @default 1 */
  page: z._default(z.int().check(z.nonnegative()), 1),
  /** Locations per page (`count`), 1–1000. @default 100 */
  count: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 100),
});
/** Input of `marketplace.listLocations`. */
export type ListLocationsParams = z.input<typeof listLocationsParamsSchema>;

/** Input of `marketplace.locations`. */
export const locationsParamsSchema = object({
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
