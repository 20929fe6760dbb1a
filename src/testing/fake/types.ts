/** Link status of one location; `uninstalled` never appears on the wire's `connection_status`. */
export type FakeInstallationStatus = 'pending' | 'active' | 'freezed' | 'uninstalled';

/** One entry of an installation's `logs[]`, in wire spelling. */
export interface FakeStatusLog {
  /** When, `YYYY-MM-DD HH:MM:SS` (UTC, from the fake's clock). */
  changed_at: string;
  /** Status before the change. */
  status_from: FakeInstallationStatus;
  /** Status after the change. */
  status_to: FakeInstallationStatus;
  /** Who caused it: `marketplace` (grant, user disconnect), `partner_api`, `billing`, `payment`, `refund`. */
  source: string;
}

/** A snapshot of one location's link, as the fake holds it. */
export interface FakeInstallation {
  /** The location (`salon_id`). */
  locationId: number;
  /** Current link status; `uninstalled` answers 404 on the wire. */
  status: FakeInstallationStatus;
  /** When the link was created (`connection_status.created_at`), `YYYY-MM-DD HH:MM:SS` UTC. */
  createdAt: string;
  /** The last grant; activation must come within the activation window of it. */
  grantedAt: Date;
  /** The chain (`salon_group_id`) the grant named, if any. */
  chainId: number | undefined;
  /**
   * `webhook_urls` sent at activation, as sent. They are also merged into the location's webhook
   * settings (`fake.webhookSettings(id)`, `GET hooks_settings`), where they live from then on.
   */
  webhookUrls: readonly string[];
  /** Whether an `api_key` was sent at activation (the value itself is not kept in snapshots). */
  hasApiKey: boolean;
  /** `short_names` last set. */
  shortNames: readonly string[];
  /** Channel availability last set with `update_channel`, by `channel_slug`. */
  channels: Readonly<Record<string, boolean>>;
  /** Discount last set with `add_discount`. */
  discount: number | undefined;
  /** `chat_url` sent at activation, if any. */
  chatUrl: string | undefined;
  /** `tips_url` sent at activation, if any. */
  tipsUrl: string | undefined;
  /** Whether a `login` was sent at activation (the value itself is not kept in snapshots). */
  hasLogin: boolean;
  /** Whether a `secret_key` was sent at activation (the value itself is not kept in snapshots). */
  hasSecretKey: boolean;
  /** Status history, oldest first (kept across uninstall and a fresh grant). */
  logs: readonly FakeStatusLog[];
}

/** A payment the fake holds (reported, or paid on Altegio's page), as the status answer's `payments[]` lists it. */
export interface FakePayment {
  /** The id Altegio answered (`data.id`); ids increase. */
  id: number;
  /** `salon_id`. */
  locationId: number;
  /** `currency_iso`. */
  currencyIso: string;
  /** `payment_sum`. */
  paymentSum: number;
  /** `payment_date`, as sent. */
  paymentDate: string;
  /** `period_from`, as sent. */
  periodFrom: string;
  /** `period_to`, as sent. */
  periodTo: string;
  /** Whether a refund was reported (`is_refunded`). */
  isRefunded: boolean;
}

/** One `/voip/integration` command as received (full body, so tests can check `crm_token`). */
export interface FakeVoipCommand {
  /** `setup`, `event` or `history`. */
  command: 'setup' | 'event' | 'history';
  /** `enable`/`disable` for setup; the call direction otherwise. */
  type: string;
  /** The whole body, unredacted. */
  body: Readonly<Record<string, unknown>>;
  /** `false` when telephony was disabled for the chain: Altegio answers 202 but ignores it. */
  processed: boolean;
}

/** One item of `GET /voip/integration/calls`, in wire spelling. */
export interface FakeCall {
  /** Altegio's id of the call. */
  id: number;
  /** Client in the location's base; always `0` (unknown number) in the fake. */
  client_id: number;
  /** The `phone` of the saved call. */
  caller_phone: string;
  /** The `link` of the saved call, `""` when none. */
  record_link: string;
  /** Seconds (`duration`, `0` when none was sent). */
  duration: number;
  /** `status` sent, `success` by default. */
  status: string;
  /** Call direction. */
  type: string;
  /** `date` sent, or the fake's time in ISO 8601. */
  call_date: string;
  /** Not on the wire: the `call_id` the vendor sent, for assertions. */
  call_id?: string;
}

/** Telephony state of one chain, keyed by its `crm_token`. */
export interface FakeTelephony {
  /** The chain (`salon_group_id`), if the grant named one. */
  chainId: number | undefined;
  /** Locations of the chain (their call lists show its calls). */
  locationIds: readonly number[];
  /** Whether the last `setup` command enabled telephony. */
  enabled: boolean;
  /** Every command received with this token, oldest first. */
  commands: readonly FakeVoipCommand[];
  /** Saved calls (processed `history` commands), oldest first. */
  calls: readonly FakeCall[];
}

/** A request the fake saw, with the `Authorization` header and credential fields redacted. */
export interface FakeRequestRecord {
  /** HTTP method. */
  method: string;
  /** `app` (partner host) or `api` (REST API v1); the application group is served on both. */
  host: 'app' | 'api';
  /** Path below the host's base URL, e.g. `/marketplace/partner/payment`. */
  path: string;
  /**
   * Query parameters (credential parameters such as `partner_token` and known tokens redacted); PHP-style
   * arrays (`types[]=a`) become arrays under the bare name.
   */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; `authorization` reads `Bearer [REDACTED]`. */
  headers: Record<string, string>;
  /** Parsed JSON body (credential fields redacted), the raw text when it is not JSON, or `undefined`. */
  body: unknown;
  /** Status answered; `0` for a dropped connection. */
  status: number;
  /** Which fault answered it, if one did. */
  fault?: FakeFaultKind;
}

/** A lifecycle webhook the fake sent to `callbackUrl`. */
export interface FakeWebhookDelivery {
  /** `event` of the body. */
  event: 'uninstall' | 'freeze' | 'payment';
  /** `salon_id` of the body. */
  locationId: number;
  /** Where it was sent; `undefined` when no `callbackUrl` is set. */
  url: string | undefined;
  /** HTTP status of the vendor's answer; `undefined` when it failed or no `callbackUrl` is set. */
  status: number | undefined;
  /**
   * Why the delivery failed, if it did: a network error, a timeout, or a 3xx answer (redirects are never
   * followed, so the body and its `partner_token` never go to another host).
   */
  error?: string;
}

/**
 * A fault for {@link FakeAltegio.failNext}: an error status with Altegio's envelope, HTTP 200 with
 * `success:false`, an HTML page (a proxy's error page), a delay before the normal answer, or a dropped
 * connection (`drop: 'after'` processes the request first, the "outcome unknown" case).
 */
export type FakeFault =
  | FakeStatusFault
  | FakeSuccessFalseFault
  | FakeHtmlFault
  | FakeDelayFault
  | FakeDropFault;

/** Answer with this status and Altegio's error envelope (a 429 also gets `Retry-After: 1`). */
export interface FakeStatusFault {
  /** HTTP status, e.g. 500 or 503. */
  status: number;
  /** `meta.message`; omitted = `meta: {}`. */
  message?: string;
}

/** Answer HTTP 200 with `{success:false}` (seen on YCLIENTS). */
export interface FakeSuccessFalseFault {
  /** Marks this fault kind. */
  successFalse: true;
  /** `meta.message`. @default 'An error has occurred.' */
  message?: string;
}

/** Answer with an HTML page, like a proxy in front of the API. */
export interface FakeHtmlFault {
  /** `true` for an nginx "502 Bad Gateway" page, or the HTML to send. */
  html: true | string;
  /** HTTP status. @default 200 */
  status?: number;
}

/** Wait, then answer normally. */
export interface FakeDelayFault {
  /** Milliseconds to wait before handling the request. */
  delayMs: number;
}

/** Drop the connection (in msw mode: a network error). */
export interface FakeDropFault {
  /** `true`: before processing; `'after'`: after processing (the request took effect, its answer is lost). */
  drop: true | 'after';
}

/** Name of a fault kind, as recorded in {@link FakeRequestRecord.fault}. */
export type FakeFaultKind = 'status' | 'successFalse' | 'html' | 'delay' | 'drop';

/** Which requests a fault applies to. */
export interface FakeFaultFilter {
  /** Only requests whose path (below the base URL) equals this string or matches this pattern. */
  path?: string | RegExp;
  /** Only requests with this method. */
  method?: 'GET' | 'POST';
}

/** A location's webhook settings as the fake stores them (wire shape, `1`/`0` switches). */
export interface FakeWebhookSettingsWire {
  /** Every URL the location sends entity webhooks to, whoever added it. */
  urls: string[];
  /** Whether notifications are on. */
  active: 0 | 1;
  /** Location events. */
  salon?: 0 | 1;
  /** Service category events. */
  service_category?: 0 | 1;
  /** Service events. */
  service?: 0 | 1;
  /** Product events. */
  good?: 0 | 1;
  /** Team member events. */
  master?: 0 | 1;
  /** Client events. */
  client?: 0 | 1;
  /** Appointment events. */
  record?: 0 | 1;
  /** Product sale events. */
  goods_operations_sale?: 0 | 1;
  /** Product arrival events. */
  goods_operations_receipt?: 0 | 1;
  /** Consumable write-off events. */
  goods_operations_consumable?: 0 | 1;
  /** Product write-off events. */
  goods_operations_stolen?: 0 | 1;
  /** Product movement events. */
  goods_operations_move?: 0 | 1;
  /** Financial operation events. */
  finances_operation?: 0 | 1;
  /** Whether the webhook creator also gets events of its own actions. */
  self_sending?: 0 | 1;
}

/** A frame installed in a location. */
export interface FakeFrame {
  /** `type`, `chat` for the journal sidebar panel. */
  type: string;
  /** The frame's base URL. */
  url: string;
}
