/** Link status of one location (reference §5.6); `uninstalled` never appears on the wire's `connection_status`. */
export type FakeInstallationStatus = 'pending' | 'active' | 'freezed' | 'uninstalled';

/** One entry of an installation's `logs[]` (reference §3.6). */
export interface FakeStatusLog {
  changed_at: string;
  status_from: FakeInstallationStatus;
  status_to: FakeInstallationStatus;
  /** Who caused it: `marketplace` (grant, user disconnect), `partner_api`, `billing`, `payment`, `refund`. */
  source: string;
}

/** A snapshot of one location's link, as the fake holds it. */
export interface FakeInstallation {
  locationId: number;
  status: FakeInstallationStatus;
  /** When the link was created (`connection_status.created_at`), `YYYY-MM-DD HH:MM:SS` UTC. */
  createdAt: string;
  /** The last grant; activation must come within the activation window of it. */
  grantedAt: Date;
  chainId: number | undefined;
  webhookUrls: readonly string[];
  /** Whether an `api_key` was sent at activation (the value itself is not kept in snapshots). */
  hasApiKey: boolean;
  shortNames: readonly string[];
  channels: Readonly<Record<string, boolean>>;
  discount: number | undefined;
  logs: readonly FakeStatusLog[];
}

/** A payment the fake holds (reference §3.3, §3.6 `payments[]`). */
export interface FakePayment {
  id: number;
  locationId: number;
  currencyIso: string;
  paymentSum: number;
  paymentDate: string;
  periodFrom: string;
  periodTo: string;
  isRefunded: boolean;
}

/** One `/voip/integration` command as received (full body, so tests can check `crm_token`). */
export interface FakeVoipCommand {
  command: 'setup' | 'event' | 'history';
  type: string;
  body: Readonly<Record<string, unknown>>;
  /** `false` when telephony was disabled for the chain: Altegio answers 202 but ignores it (§4.1). */
  processed: boolean;
}

/** One item of `GET /voip/integration/calls` (reference §4.2). */
export interface FakeCall {
  id: number;
  client_id: number;
  caller_phone: string;
  record_link: string;
  duration: number;
  status: string;
  type: string;
  call_date: string;
  /** Not on the wire: the `call_id` the vendor sent, for assertions. */
  call_id?: string;
}

/** Telephony state of one chain, keyed by its `crm_token`. */
export interface FakeTelephony {
  chainId: number | undefined;
  locationIds: readonly number[];
  enabled: boolean;
  commands: readonly FakeVoipCommand[];
  calls: readonly FakeCall[];
}

/** A request the fake saw, with the `Authorization` header and credential fields redacted. */
export interface FakeRequestRecord {
  method: string;
  /** `app` (partner host) or `api` (REST API v1). */
  host: 'app' | 'api';
  /** Path below the host's base URL, e.g. `/marketplace/partner/payment`. */
  path: string;
  /** Query parameters; PHP-style arrays (`types[]=a`) become arrays under the bare name. */
  query: Record<string, string | string[]>;
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
  event: 'uninstall' | 'freeze';
  locationId: number;
  url: string | undefined;
  /** HTTP status of the vendor's answer; `undefined` when it failed or no `callbackUrl` is set. */
  status: number | undefined;
  /** Why the delivery failed, if it did. */
  error?: string;
}

/**
 * A fault for {@link FakeAltegio.failNext}: an error status with Altegio's envelope, HTTP 200 with
 * `success:false`, an HTML page (a proxy's error page), a delay before the normal answer, or a dropped
 * connection (`drop: 'after'` processes the request first, the "outcome unknown" case).
 */
export type FakeFault =
  | { status: number; message?: string }
  | { successFalse: true; message?: string }
  | { html: true | string; status?: number }
  | { delayMs: number }
  | { drop: true | 'after' };

/** Name of a fault kind, as recorded in {@link FakeRequestRecord.fault}. */
export type FakeFaultKind = 'status' | 'successFalse' | 'html' | 'delay' | 'drop';

/** Which requests a fault applies to. */
export interface FakeFaultFilter {
  /** Only requests whose path (below the base URL) equals this string or matches this pattern. */
  path?: string | RegExp;
  /** Only requests with this method. */
  method?: 'GET' | 'POST';
}
