import { hmacSha256Hex } from '../../core/crypto';
import { platforms } from '../../core/platform';
import { createRedactor } from '../../core/redact';
import { buildConnectRedirectUrl, type RedirectLocationForm, type RedirectUser } from '../redirect';
import { createLifecycleBody, createPaymentBody } from '../signers';
import { type Call, failure, invalid, JSON_TYPE, noRoute, type Route, reply, route } from './route';
import { ExtraRoutes, type FakeFrame, type FakeWebhookSettingsWire } from './routes-extra';
import {
  activationBody,
  callsQuery,
  channelBody,
  discountBody,
  paymentBody,
  shortNamesBody,
  toWireErrors,
  voipBody,
} from './schemas';
import { type FakeAltegioServer, type FakeListenOptions, listenFake } from './server';
import { type MswHandler, mswHandlers } from './msw';
import type {
  FakeCall,
  FakeFault,
  FakeFaultFilter,
  FakeFaultKind,
  FakeInstallation,
  FakeInstallationStatus,
  FakePayment,
  FakeRequestRecord,
  FakeStatusLog,
  FakeTelephony,
  FakeVoipCommand,
  FakeWebhookDelivery,
} from './types';

/** Options of {@link createFakeAltegio}. */
export interface FakeAltegioOptions {
  /** The partner token the fake accepts as `Authorization: Bearer <partnerToken>`. */
  partnerToken: string;
  /** The application id the fake serves; other ids get 403 "No application access". */
  applicationId: number;
  /**
   * The user token accepted on Partner+User endpoints (`GET /voip/integration/calls`).
   * @default any non-empty user token
   */
  userToken?: string | undefined;
  /** The vendor's "Callback url": lifecycle webhooks (`uninstall`, `freeze`) are POSTed here. */
  callbackUrl?: string | undefined;
  /**
   * Base URL of the partner host the msw handlers intercept.
   * @default 'https://app.alteg.io'
   */
  appBaseUrl?: string | undefined;
  /**
   * Base URL of the REST API v1 the msw handlers intercept.
   * @default 'https://api.alteg.io/api/v1'
   */
  apiBaseUrl?: string | undefined;
  /**
   * The `Accept` media type required on every call; other values get 406.
   * @default 'application/vnd.api.v2+json'
   */
  accept?: string | undefined;
  /** Clock for the activation window, timestamps and refund-driven disable. @default () => new Date() */
  now?: (() => Date) | undefined;
  /**
   * How long after the grant a pending link may be activated. Altegio's back end keeps a pending link
   * for 12 hours (its guide still says 1 hour).
   * @default 43_200_000 (12 hours)
   */
  activationWindowMs?: number | undefined;
  /**
   * Altegio's limit (200 requests a minute or 5 a second per IP), counted over sliding windows of real
   * time; beyond it the fake answers 429 with `Retry-After`. `false` turns it off.
   * @default { perSecond: 5, perMinute: 200 }
   */
  rateLimit?: FakeRateLimit | false | undefined;
  /** `fetch` used to send lifecycle webhooks. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Tariffs answered by `GET /marketplace/application/{id}/tariffs`.
   * @default one "1 month" tariff with one option (the reference's example)
   */
  tariffs?: unknown[] | undefined;
}

/** Altegio's request limit as the fake enforces it. */
export interface FakeRateLimit {
  /** Requests allowed in any 1-second window. @default 5 */
  perSecond?: number;
  /** Requests allowed in any 60-second window. @default 200 */
  perMinute?: number;
}

/** Options of {@link FakeAltegio.pay}. */
export interface FakePayOptions {
  /** `amount` paid. */
  amount: number;
  /** `currency_iso`. @default 'USD' */
  currencyIso?: string | undefined;
  /** `discount` in percent. @default null */
  discount?: number | undefined;
  /** `tariff_option_id`. @default null */
  tariffOptionId?: number | undefined;
  /** `payment_date`. @default the fake's now */
  paymentDate?: string | undefined;
  /** `period_from`. @default the fake's now */
  periodFrom?: string | undefined;
  /** `period_to`. @default the fake's now */
  periodTo?: string | undefined;
}

/** Options of {@link FakeAltegio.grantAccess}: what the user picked when clicking Connect. */
export interface GrantAccessOptions {
  /** Locations the user connected. */
  locationIds: readonly number[];
  /**
   * How the redirect writes them. By default, what Altegio's back end sends today.
   * @default 'single' for one location, 'csv' (`salon_ids=1,2`) for several
   */
  locationForm?: RedirectLocationForm | undefined;
  /** The chain (`salon_group_id`); telephony apps get one. */
  chainId?: number | undefined;
  /** The chain's CRM token; a UUID is generated when `chainId` is given without one. */
  crmToken?: string | undefined;
  /**
   * The Altegio user (`user_data`, signed with the partner token), e.g. `{ userId: 1, name, email, phone }`;
   * `userId` is written as `id`, like Altegio's back end (see `userIdField`).
   */
  user?: RedirectUser | undefined;
  /** The wire key of the user id in `user_data`. @default 'id' */
  userIdField?: 'id' | 'user_id' | undefined;
  /** What `user_data_sign` covers. @default 'json' (Altegio's documented algorithm) */
  signOver?: 'json' | 'base64' | undefined;
  /** The vendor's "Registration redirect url". */
  registrationUrl: string | URL;
}

interface Link {
  locationId: number;
  status: FakeInstallationStatus;
  createdAt: string;
  grantedAt: Date;
  chainId: number | undefined;
  webhookUrls: string[];
  apiKey: string | number | undefined;
  activation: Record<string, unknown>;
  shortNames: string[];
  channels: Record<string, boolean>;
  discount: number | undefined;
  logs: FakeStatusLog[];
  disableAt: number | undefined;
}

interface Chain {
  chainId: number | undefined;
  locationIds: Set<number>;
  enabled: boolean;
  commands: FakeVoipCommand[];
  calls: FakeCall[];
}

interface PendingFault {
  remaining: number;
  fault: FakeFault;
  filter: FakeFaultFilter;
}

const notInstalled = () => failure(404, "Application isn't installed");
const noAccess = () => failure(403, 'No application access');

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the fake's own timestamp format. */
export function fakeDateTime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of query) {
    const isArray = rawKey.endsWith('[]');
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    const existing = out[key];
    if (isArray || Array.isArray(existing)) out[key] = [...(Array.isArray(existing) ? existing : []), value];
    else out[key] = value;
  }
  return out;
}

const DEFAULT_TARIFFS = [
  {
    id: 89,
    title: '1 month',
    options: [
      {
        id: 123,
        title: 'Solo professional',
        overall_price: 500,
        duration_in_months: 1,
        currency_iso: 'USD',
        staff_amount: 1,
        free_period_in_months: 0,
      },
    ],
  },
];

/**
 * A stateful fake of Altegio's Marketplace and VoIP endpoints. Create it with {@link createFakeAltegio};
 * use {@link FakeAltegio.handlers} with msw or {@link FakeAltegio.listen} for a loopback server.
 */
export class FakeAltegio {
  /** The app id this fake serves. */
  readonly applicationId: number;
  /** The media type it requires in `Accept`. */
  readonly accept: string;
  /** The base URLs its msw handlers intercept (the production hosts by default). */
  readonly appBaseUrl: string;
  /** The base URLs its msw handlers intercept (the production hosts by default). */
  readonly apiBaseUrl: string;
  /** Lifecycle webhook target; may be set after creation (e.g. once the vendor server listens). */
  callbackUrl: string | undefined;

  readonly #partnerToken: string;
  readonly #userToken: string | undefined;
  readonly #clock: () => Date;
  readonly #window: number;
  readonly #limits: { size: number; limit: number }[];
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #tariffs: unknown[];
  readonly #links = new Map<number, Link>();
  readonly #chains = new Map<string, Chain>();
  readonly #payments: FakePayment[] = [];
  readonly #requests: FakeRequestRecord[] = [];
  readonly #webhooks: FakeWebhookDelivery[] = [];
  readonly #faults: PendingFault[] = [];
  readonly #sent: number[] = [];
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #bases: { host: 'app' | 'api'; base: string }[] = [];
  readonly #routes: Route[];
  readonly #extra: ExtraRoutes;
  #offset = 0;
  #nextPaymentId = 1001;
  #nextCallId = 8_923_525;

  constructor(options: FakeAltegioOptions) {
    if (typeof options?.partnerToken !== 'string' || options.partnerToken === '') {
      throw new TypeError('createFakeAltegio: `partnerToken` must be a non-empty string.');
    }
    if (!Number.isSafeInteger(options.applicationId) || options.applicationId <= 0) {
      throw new TypeError('createFakeAltegio: `applicationId` must be a positive integer.');
    }
    this.#partnerToken = options.partnerToken;
    this.#userToken = options.userToken;
    this.applicationId = options.applicationId;
    this.callbackUrl = options.callbackUrl;
    this.accept = options.accept ?? platforms.altegio.accept;
    this.appBaseUrl = (options.appBaseUrl ?? platforms.altegio.appBaseUrl).replace(/\/+$/, '');
    this.apiBaseUrl = (options.apiBaseUrl ?? platforms.altegio.apiBaseUrl).replace(/\/+$/, '');
    this.#clock = options.now ?? (() => new Date());
    this.#window = options.activationWindowMs ?? 43_200_000;
    const rate = options.rateLimit;
    this.#limits =
      rate === false
        ? []
        : [
            { size: 1000, limit: rate?.perSecond ?? 5 },
            { size: 60_000, limit: rate?.perMinute ?? 200 },
          ];
    this.#fetch = options.fetch;
    this.#tariffs = options.tariffs ?? DEFAULT_TARIFFS;
    this.addBaseUrls({ appBaseUrl: this.appBaseUrl, apiBaseUrl: this.apiBaseUrl });
    this.#extra = new ExtraRoutes({
      applicationId: this.applicationId,
      isInstalled: (locationId) => this.#installed(locationId) !== undefined,
    });
    this.#routes = [...this.#buildRoutes(), ...this.#extra.routes()];
  }

  /** Also answer requests under these base URLs (used by `listen()`). @internal */
  addBaseUrls({ appBaseUrl, apiBaseUrl }: { appBaseUrl: string; apiBaseUrl: string }): void {
    this.#bases.push({ host: 'app', base: appBaseUrl }, { host: 'api', base: apiBaseUrl });
    // Longest first, so `https://x/api/v1` wins over `https://x` when both hosts share an origin.
    this.#bases.sort((a, b) => b.base.length - a.base.length);
  }

  /** Stop answering under these base URLs. @internal */
  removeBaseUrls({ appBaseUrl, apiBaseUrl }: { appBaseUrl: string; apiBaseUrl: string }): void {
    for (const base of [appBaseUrl, apiBaseUrl]) {
      const index = this.#bases.findIndex((entry) => entry.base === base);
      if (index >= 0) this.#bases.splice(index, 1);
    }
  }

  /** The fake's current time (the injected clock plus {@link advanceTime}). */
  now(): Date {
    return new Date(this.#clock().getTime() + this.#offset);
  }

  /** Moves the fake's clock forward, e.g. past the 12-hour activation window. */
  advanceTime(ms: number): void {
    this.#offset += ms;
  }

  /**
   * msw request handlers for the configured app and API base URLs; needs `msw` installed.
   * @example
   * ```ts
   * const server = setupServer(...fake.handlers);
   * ```
   */
  get handlers(): MswHandler[] {
    return mswHandlers([this.appBaseUrl, this.apiBaseUrl], (request) => this.handle(request));
  }

  /**
   * Serves the fake on 127.0.0.1 (a free port by default). Pass the result's `platform` to
   * `createAltegioClient`, or its base URLs to a backend as `ALTEGIO_APP_BASE_URL`/`ALTEGIO_API_BASE_URL`.
   */
  listen(options: FakeListenOptions = {}): Promise<FakeAltegioServer> {
    return listenFake(this, options);
  }

  // ------------------------------------------------------------------ simulated Altegio-side actions

  /**
   * Simulates the user clicking Connect and granting access: creates (or renews) a `pending` link for
   * each location and returns the registration redirect URL Altegio would send the browser to.
   */
  async grantAccess(options: GrantAccessOptions): Promise<string> {
    const crmToken = this.#grant(options);
    return buildConnectRedirectUrl({
      registrationUrl: options.registrationUrl,
      partnerToken: this.#partnerToken,
      locationIds: options.locationIds,
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
      ...(crmToken === undefined ? {} : { crmToken }),
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.signOver === undefined ? {} : { signOver: options.signOver }),
      ...(options.locationForm === undefined ? {} : { locationForm: options.locationForm }),
      ...(options.userIdField === undefined ? {} : { userIdField: options.userIdField }),
    });
  }

  /**
   * Puts a location straight into a state, for tests that start mid-lifecycle (no redirect involved).
   * With `crmToken`, the location joins that chain; `telephonyEnabled` sets the chain's telephony.
   */
  addInstallation(options: {
    locationId: number;
    status?: Exclude<FakeInstallationStatus, 'uninstalled'> | undefined;
    chainId?: number | undefined;
    crmToken?: string | undefined;
    telephonyEnabled?: boolean | undefined;
  }): void {
    this.#grant({ locationIds: [options.locationId], chainId: options.chainId, crmToken: options.crmToken });
    const link = this.#links.get(options.locationId);
    const status = options.status ?? 'active';
    if (link && link.status !== status) this.#log(link, status, 'partner_api');
    const chain = options.crmToken === undefined ? undefined : this.#chains.get(options.crmToken);
    if (chain && options.telephonyEnabled !== undefined) chain.enabled = options.telephonyEnabled;
  }

  #grant(options: Pick<GrantAccessOptions, 'locationIds' | 'chainId' | 'crmToken'>): string | undefined {
    const now = this.now();
    let crmToken = options.crmToken;
    if (options.chainId !== undefined && crmToken === undefined) crmToken = crypto.randomUUID();
    for (const locationId of options.locationIds) {
      const link = this.#links.get(locationId);
      if (link && link.status !== 'uninstalled') {
        // A location already running the app cannot be picked again; a pending one gets a new window.
        if (link.status === 'pending') link.grantedAt = now;
        continue;
      }
      const fresh: Link = {
        locationId,
        status: 'pending',
        createdAt: fakeDateTime(now),
        grantedAt: now,
        chainId: options.chainId,
        webhookUrls: [],
        apiKey: undefined,
        activation: {},
        shortNames: [],
        channels: {},
        discount: undefined,
        logs: link?.logs ?? [],
        disableAt: undefined,
      };
      this.#links.set(locationId, fresh);
      this.#log(fresh, 'pending', 'marketplace', link?.status ?? 'uninstalled');
    }
    if (crmToken !== undefined) {
      const chain = this.#chains.get(crmToken) ?? {
        chainId: options.chainId,
        locationIds: new Set<number>(),
        enabled: false,
        commands: [],
        calls: [],
      };
      for (const locationId of options.locationIds) chain.locationIds.add(locationId);
      this.#chains.set(crmToken, chain);
    }
    return crmToken;
  }

  /**
   * Simulates the user clicking Disconnect: the link becomes `uninstalled` and an `uninstall` webhook is
   * POSTed to `callbackUrl`. Resolves to the delivery (the vendor's answer status).
   */
  async disconnect(locationId: number): Promise<FakeWebhookDelivery> {
    const link = this.#links.get(locationId);
    if (link && link.status !== 'uninstalled') this.#log(link, 'uninstalled', 'marketplace');
    return this.#deliver('uninstall', locationId);
  }

  /** Simulates expiry of the paid period: the link becomes `freezed` and a `freeze` webhook is sent. */
  async freeze(locationId: number): Promise<FakeWebhookDelivery> {
    const link = this.#links.get(locationId);
    if (link && (link.status === 'active' || link.status === 'pending'))
      this.#log(link, 'freezed', 'billing');
    return this.#deliver('freeze', locationId);
  }

  /**
   * Simulates a location paying for your app on Altegio's own payment page: records the payment and
   * POSTs a signed `payment` lifecycle webhook to `callbackUrl`. The `sign` is what Altegio's back end
   * computes, over the numbers' own text (`amount=100.5` for 100.50).
   *
   * @returns the delivery: your callback's answer status, or the error.
   * @throws {TypeError} when `amount` or `discount` is not a finite number.
   * @example
   * ```ts
   * fake.callbackUrl = 'http://127.0.0.1:3000/altegio/callback';
   * const delivery = await fake.pay(456, { amount: 19.9, tariffOptionId: 123 });
   * expect(delivery.status).toBe(200);
   * ```
   */
  async pay(locationId: number, options: FakePayOptions): Promise<FakeWebhookDelivery> {
    const link = this.#installed(locationId);
    if (link?.status === 'freezed') this.#log(link, 'active', 'payment');
    const now = fakeDateTime(this.now());
    const payment: FakePayment = {
      id: this.#nextPaymentId++,
      locationId,
      currencyIso: options.currencyIso ?? 'USD',
      paymentSum: options.amount,
      paymentDate: options.paymentDate ?? now,
      periodFrom: options.periodFrom ?? now,
      periodTo: options.periodTo ?? now,
      isRefunded: false,
    };
    this.#payments.push(payment);
    const body = await createPaymentBody({
      partnerToken: this.#partnerToken,
      applicationId: this.applicationId,
      locationId,
      paymentId: payment.id,
      amount: options.amount,
      discount: options.discount ?? null,
      currencyIso: payment.currencyIso,
      periodFrom: payment.periodFrom,
      periodTo: payment.periodTo,
      paymentDate: payment.paymentDate,
      tariffOptionId: options.tariffOptionId ?? null,
    });
    return this.#deliver('payment', locationId, body);
  }

  /**
   * Makes the next `count` matching requests fail with `fault` instead of (or, for a delay, before) the
   * normal answer. Faults queue in order.
   */
  failNext(count: number, fault: FakeFault, filter: FakeFaultFilter = {}): void {
    if (!Number.isInteger(count) || count < 1)
      throw new TypeError('failNext: `count` must be a positive integer.');
    this.#faults.push({ remaining: count, fault, filter });
  }

  /** Resolves once every webhook the fake started sending has been answered. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /** Forgets all state (links, payments, chains, requests, faults), keeping the options. */
  reset(): void {
    this.#links.clear();
    this.#chains.clear();
    this.#payments.length = 0;
    this.#requests.length = 0;
    this.#webhooks.length = 0;
    this.#faults.length = 0;
    this.#sent.length = 0;
    this.#offset = 0;
    this.#extra.reset();
  }

  // ------------------------------------------------------------------ assertions

  /** Requests the fake saw (the latest 10 000), oldest first; `Authorization` and credential fields are redacted. */
  get requests(): readonly FakeRequestRecord[] {
    return [...this.#requests];
  }

  /** Lifecycle webhooks the fake sent, oldest first. */
  get webhooks(): readonly FakeWebhookDelivery[] {
    return [...this.#webhooks];
  }

  /** Payments reported to the fake, optionally for one location only. */
  payments(locationId?: number): FakePayment[] {
    this.#settle();
    return this.#payments
      .filter((payment) => locationId === undefined || payment.locationId === locationId)
      .map((payment) => ({ ...payment }));
  }

  /** The link of one location, or `undefined` when it was never granted. */
  installation(locationId: number): FakeInstallation | undefined {
    this.#settle();
    const link = this.#links.get(locationId);
    if (!link) return undefined;
    return {
      locationId: link.locationId,
      status: link.status,
      createdAt: link.createdAt,
      grantedAt: link.grantedAt,
      chainId: link.chainId,
      webhookUrls: [...link.webhookUrls],
      hasApiKey: link.apiKey !== undefined,
      shortNames: [...link.shortNames],
      channels: { ...link.channels },
      discount: link.discount,
      chatUrl: link.activation.chatUrl as string | undefined,
      tipsUrl: link.activation.tipsUrl as string | undefined,
      hasLogin: link.activation.hasLogin === true,
      hasSecretKey: link.activation.hasSecretKey === true,
      logs: link.logs.map((entry) => ({ ...entry })),
    };
  }

  /**
   * Frames installed in a location (`install_frame`, or `chat_url` at activation); one chat slot.
   * @example
   * ```ts
   * expect(fake.frames(456)).toEqual([{ type: 'chat', url: 'https://vendor.example/chat' }]);
   * ```
   */
  frames(locationId: number): FakeFrame[] {
    return this.#extra.frames(locationId);
  }

  /**
   * A location's entity webhook settings (`hooks_settings`), in wire shape.
   * @example
   * ```ts
   * expect(fake.webhookSettings(456).urls).toContain('https://vendor.example/hooks/456');
   * ```
   */
  webhookSettings(locationId: number): FakeWebhookSettingsWire {
    return this.#extra.settings(locationId);
  }

  /**
   * Sets a location's webhook settings as if someone else (another app, the owner) had written them,
   * e.g. to check that your code keeps their URLs.
   * @example
   * ```ts
   * fake.setWebhookSettings(456, { urls: ['https://other-app.example/hooks'], active: 1, record: 1 });
   * ```
   */
  setWebhookSettings(locationId: number, settings: FakeWebhookSettingsWire): void {
    this.#extra.setSettings(locationId, settings);
  }

  /** The telephony state of the chain with this CRM token, or `undefined` when it is unknown. */
  telephony(crmToken: string): FakeTelephony | undefined {
    const chain = this.#chains.get(crmToken);
    if (!chain) return undefined;
    return {
      chainId: chain.chainId,
      locationIds: [...chain.locationIds],
      enabled: chain.enabled,
      commands: chain.commands.map((command) => ({ ...command })),
      calls: chain.calls.map((item) => ({ ...item })),
    };
  }

  // ------------------------------------------------------------------ the request handler

  /**
   * Answers one request the way Altegio would. An unknown host or path gets a 404 that says the fake has
   * no such route (its message, and the header `x-fake-altegio: no-route`), so it never passes for
   * Altegio's "not installed"; a dropped connection is `Response.error()`.
   */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const href = `${url.origin}${url.pathname}`;
    const base = this.#bases.find((entry) => href === entry.base || href.startsWith(`${entry.base}/`));
    const host = base?.host ?? 'app';
    const path = base ? href.slice(base.base.length) || '/' : url.pathname;
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    let body: unknown;
    let bodyError = false;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        bodyError = true;
      }
    }
    const record: FakeRequestRecord = {
      method: request.method,
      host,
      path,
      query: queryRecord(url.searchParams),
      headers: this.#headers(request.headers),
      body: redactBody(body),
      status: 0,
    };
    this.#requests.push(record);
    // A long-running fake (e.g. behind a backend under development) keeps the latest 10 000 only.
    if (this.#requests.length > 10_000) this.#requests.splice(0, this.#requests.length - 10_000);

    const fault = this.#takeFault(request.method, path);
    if (fault) record.fault = faultKind(fault);
    let response: Response;
    if (fault && 'delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault && !('delayMs' in fault) && !('drop' in fault && fault.drop === 'after')) {
      response = faultResponse(fault);
    } else if (!base) {
      response = noRoute(request.method, url.origin, url.pathname);
    } else {
      response = await this.#route(request, host, path, url.searchParams, body, bodyError);
      if (fault && 'drop' in fault) response = Response.error();
    }
    record.status = response.status;
    return response;
  }

  async #route(
    request: Request,
    host: 'app' | 'api',
    path: string,
    query: URLSearchParams,
    body: unknown,
    bodyError: boolean,
  ): Promise<Response> {
    const retryAfter = this.#rateLimited();
    if (retryAfter !== undefined) {
      return reply(
        429,
        { success: false, data: null, meta: { message: 'Too many requests.' } },
        { 'retry-after': String(retryAfter) },
      );
    }
    this.#settle();
    let match: { route: Route; params: string[] } | undefined;
    let pathKnown = false;
    for (const route of this.#routes) {
      if (route.host !== host && route.host !== 'both') continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method === request.method) {
        match = { route, params: found.slice(1) };
        break;
      }
    }
    if (!match) return pathKnown ? failure(405, 'Method not allowed.') : noRoute(request.method, host, path);
    const auth = this.#authenticate(request.headers.get('authorization'), match.route.auth);
    if (auth) return auth;
    if (request.headers.get('accept') !== this.accept) {
      return failure(406, `Accept must be ${this.accept}.`);
    }
    if (bodyError)
      return failure(422, 'An error has occurred.', [{ field: '(body)', message: 'invalid JSON' }]);
    if (body !== undefined && !(request.headers.get('content-type') ?? '').includes(JSON_TYPE)) {
      return failure(422, 'An error has occurred.', [
        { field: '(body)', message: 'Content-Type must be application/json' },
      ]);
    }
    return match.route.run({ params: match.params, query, body });
  }

  #authenticate(header: string | null, scheme: 'partner' | 'partnerUser'): Response | undefined {
    const denied = failure(401, 'Authentication needed.');
    const found = /^Bearer ([^\s,]+)(?:,\s*User ([^\s,]+))?$/.exec(header ?? '');
    if (!found || found[1] !== this.#partnerToken) return denied;
    if (scheme === 'partnerUser') {
      const user = found[2];
      if (user === undefined || (this.#userToken !== undefined && user !== this.#userToken)) return denied;
    }
    return undefined;
  }

  #rateLimited(): number | undefined {
    if (this.#limits.length === 0) return undefined;
    const now = performance.now();
    const longest = Math.max(...this.#limits.map((limit) => limit.size));
    while (this.#sent.length > 0 && (this.#sent[0] ?? 0) <= now - longest) this.#sent.shift();
    let wait = 0;
    for (const { size, limit } of this.#limits) {
      const inWindow = this.#sent.filter((time) => time > now - size);
      if (inWindow.length >= limit) {
        const oldest = inWindow[inWindow.length - limit] ?? now;
        wait = Math.max(wait, oldest + size - now);
      }
    }
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    this.#sent.push(now);
    return undefined;
  }

  #takeFault(method: string, path: string): FakeFault | undefined {
    const index = this.#faults.findIndex(({ filter }) => {
      if (filter.method !== undefined && filter.method !== method) return false;
      if (filter.path === undefined) return true;
      return typeof filter.path === 'string' ? filter.path === path : filter.path.test(path);
    });
    const pending = this.#faults[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#faults.splice(index, 1);
    return pending.fault;
  }

  #headers(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => {
      out[key] =
        key === 'authorization'
          ? value.replace(/(Bearer|User)\s+[^\s,]+/g, '$1 [REDACTED]')
          : value.split(this.#partnerToken).join('[REDACTED]');
    });
    return out;
  }

  // ------------------------------------------------------------------ state helpers

  #log(
    link: Link,
    to: FakeInstallationStatus,
    source: string,
    from: FakeInstallationStatus = link.status,
  ): void {
    link.logs.push({ changed_at: fakeDateTime(this.now()), status_from: from, status_to: to, source });
    link.status = to;
  }

  /** Applies time-driven transitions: a refund disables its link an hour later (reference §6.4). */
  #settle(): void {
    const now = this.now().getTime();
    for (const link of this.#links.values()) {
      if (link.disableAt !== undefined && now >= link.disableAt) {
        link.disableAt = undefined;
        if (link.status !== 'uninstalled') this.#log(link, 'uninstalled', 'refund');
      }
    }
  }

  #installed(locationId: number): Link | undefined {
    const link = this.#links.get(locationId);
    return link && link.status !== 'uninstalled' ? link : undefined;
  }

  #deliver(
    event: FakeWebhookDelivery['event'],
    locationId: number,
    signedBody?: string,
  ): Promise<FakeWebhookDelivery> {
    const delivery: FakeWebhookDelivery = { event, locationId, url: this.callbackUrl, status: undefined };
    this.#webhooks.push(delivery);
    const url = this.callbackUrl;
    if (url === undefined) {
      delivery.error = 'no callbackUrl configured';
      return Promise.resolve({ ...delivery });
    }
    const send = (this.#fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, accept: this.accept },
      body:
        signedBody ??
        createLifecycleBody({
          partnerToken: this.#partnerToken,
          applicationId: this.applicationId,
          locationId,
          event,
        }),
      signal: AbortSignal.timeout(10_000),
    }).then(
      async (response) => {
        delivery.status = response.status;
        await response.body?.cancel();
        return { ...delivery };
      },
      (error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
        return { ...delivery };
      },
    );
    this.#inflight.add(send);
    void send.finally(() => this.#inflight.delete(send));
    return send;
  }

  #tariffOptionIds(): number[] {
    const ids: number[] = [];
    for (const tariff of this.#tariffs) {
      const options = (tariff as { options?: unknown }).options;
      if (!Array.isArray(options)) continue;
      for (const option of options) ids.push(Number((option as { id?: unknown }).id));
    }
    return ids;
  }

  #chainOf(locationId: number): Chain | undefined {
    for (const chain of this.#chains.values()) if (chain.locationIds.has(locationId)) return chain;
    return undefined;
  }

  // ------------------------------------------------------------------ routes (reference §3, §4)

  #buildRoutes(): Route[] {
    const app = this.applicationId;
    const sameApp = (value: unknown) => Number(value) === app;
    const activate = (redirect: boolean) => (call: Call) => {
      const parsed = activationBody.safeParse(call.body);
      if (!parsed.success) return invalid(parsed.error);
      if (!sameApp(parsed.data.application_id)) return noAccess();
      const link = this.#installed(parsed.data.salon_id);
      if (!link) return failure(422, "Application isn't installed: no pending link for this location.");
      // Altegio's exact answer to a second activation (hub docs/embedded-surfaces.md, "Verified").
      if (link.status === 'active') return failure(403, 'The user has already installed this application.');
      if (link.status === 'freezed') return failure(422, 'Application is frozen in this location.');
      if (this.now().getTime() - link.grantedAt.getTime() > this.#window) {
        return failure(422, 'Activation window expired: the user must reconnect from the Marketplace.');
      }
      link.webhookUrls = [...(parsed.data.webhook_urls ?? [])];
      link.apiKey = parsed.data.api_key;
      link.activation = {
        chatUrl: parsed.data.chat_url,
        tipsUrl: parsed.data.tips_url,
        channels: parsed.data.channels === undefined ? undefined : [...parsed.data.channels],
        hasLogin: parsed.data.login !== undefined,
        hasSecretKey: parsed.data.secret_key !== undefined,
      };
      // chat_url reaches only a pending install: it becomes the location's chat frame.
      if (parsed.data.chat_url !== undefined) {
        this.#extra.installFrame(link.locationId, { type: 'chat', url: parsed.data.chat_url });
      }
      for (const channel of parsed.data.channels ?? []) link.channels[channel] = true;
      this.#log(link, 'active', 'partner_api');
      if (!redirect) return reply(201);
      return reply(
        301,
        { success: true },
        {
          location: `${this.appBaseUrl}/appstore/application/${app}/installed?salon_id=${link.locationId}`,
        },
      );
    };

    return [
      route('POST', 'app', /^\/marketplace\/partner\/callback$/, activate(false)),
      route('POST', 'app', /^\/marketplace\/partner\/callback\/redirect$/, activate(true)),
      route('POST', 'app', /^\/marketplace\/partner\/payment$/, (call) => {
        const parsed = paymentBody.safeParse(call.body);
        if (!parsed.success) return invalid(parsed.error);
        const body = parsed.data;
        if (!sameApp(body.application_id)) return noAccess();
        const link = this.#installed(body.salon_id);
        if (!link) return failure(422, "Application isn't installed in this location.");
        if (link.status === 'pending')
          return failure(422, 'Application is not activated in this location yet.');
        if (link.status === 'freezed') this.#log(link, 'active', 'payment');
        const payment: FakePayment = {
          id: this.#nextPaymentId++,
          locationId: body.salon_id,
          currencyIso: body.currency_iso,
          paymentSum: body.payment_sum,
          paymentDate: body.payment_date,
          periodFrom: body.period_from,
          periodTo: body.period_to,
          isRefunded: false,
        };
        this.#payments.push(payment);
        return reply(200, { success: true, data: { id: payment.id } });
      }),
      route('POST', 'app', /^\/marketplace\/partner\/payment\/refund\/([^/]+)$/, (call) => {
        const id = Number(call.params[0]);
        const payment = this.#payments.find((item) => item.id === id);
        if (!payment) return failure(422, 'Payment not found.');
        if (payment.isRefunded) return failure(422, 'Payment is already refunded.');
        payment.isRefunded = true;
        const link = this.#installed(payment.locationId);
        // kb-subs: refunding an active subscription disables the integration within an hour.
        if (link) link.disableAt = this.now().getTime() + 3_600_000;
        return reply(200);
      }),
      route('POST', 'app', /^\/marketplace\/salon\/([^/]+)\/application\/([^/]+)\/uninstall$/, (call) => {
        if (!sameApp(call.params[1])) return noAccess();
        const locationId = Number(call.params[0]);
        const link = this.#links.get(locationId);
        if (!link) return notInstalled();
        if (link.status !== 'uninstalled') {
          this.#log(link, 'uninstalled', 'partner_api');
          void this.#deliver('uninstall', locationId);
        }
        return reply(200, { success: true, data: null, meta: {} });
      }),
      route('GET', 'app', /^\/marketplace\/salon\/([^/]+)\/application\/([^/]+)$/, (call) => {
        if (!sameApp(call.params[1])) return noAccess();
        const locationId = Number(call.params[0]);
        const link = this.#installed(locationId);
        if (!link) return notInstalled();
        const payments = this.#payments
          .filter((payment) => payment.locationId === locationId)
          .map((payment) => ({
            id: payment.id,
            payment_sum: payment.paymentSum,
            payment_date: payment.paymentDate,
            is_refunded: payment.isRefunded,
            period_from: payment.periodFrom,
            period_to: payment.periodTo,
          }));
        return reply(200, {
          success: true,
          data: {
            logs: link.logs,
            payments,
            connection_status: { status: link.status, created_at: link.createdAt },
          },
        });
      }),
      route('GET', 'app', /^\/marketplace\/application\/([^/]+)\/salons$/, (call) => {
        if (!sameApp(call.params[0])) return failure(403, 'No access to application.');
        const page = Math.max(1, Number(call.query.get('page') ?? 1) || 1);
        const count = Math.min(1000, Math.max(1, Number(call.query.get('count') ?? 100) || 100));
        const all = [...this.#links.values()]
          .filter((link) => link.status !== 'uninstalled')
          .sort((a, b) => a.locationId - b.locationId)
          .map((link) => ({
            id: link.locationId,
            title: `Location ${link.locationId}`,
            public_title: `Location ${link.locationId}`,
            active: 1,
            timezone: 0,
            timezone_name: 'UTC',
            currency_short_title: '$',
          }));
        return reply(200, { success: true, data: all.slice((page - 1) * count, page * count), meta: [] });
      }),
      route('GET', 'both', /^\/marketplace\/application\/([^/]+)\/tariffs$/, (call) => {
        if (!sameApp(call.params[0])) return failure(404, 'Application not found');
        return reply(200, { success: true, data: this.#tariffs, meta: [] });
      }),
      route('POST', 'both', /^\/marketplace\/application\/add_discount$/, (call) => {
        const parsed = discountBody.safeParse(call.body);
        if (!parsed.success) return invalid(parsed.error);
        if (!sameApp(parsed.data.application_id)) return failure(403, 'No access to application');
        const links = parsed.data.salon_ids.map((locationId) => this.#installed(locationId));
        if (links.some((link) => !link)) return failure(404, 'Application not found');
        for (const link of links) if (link) link.discount = parsed.data.discount;
        return reply(200, { success: true, data: {}, meta: [] });
      }),
      route('GET', 'both', /^\/marketplace\/application\/payment_link$/, async (call) => {
        const locationId = Number(call.query.get('salon_id'));
        if (!sameApp(call.query.get('application_id'))) return noAccess();
        if (!this.#installed(locationId)) return failure(404, 'Application not installed');
        const query = new URLSearchParams({ salon_id: String(locationId), application_id: String(app) });
        const discount = call.query.get('discount');
        if (discount !== null) query.set('discount', discount);
        const option = call.query.get('tariff_option_id');
        if (option !== null) {
          if (!this.#tariffOptionIds().includes(Number(option))) {
            return failure(422, 'An error has occurred.', [
              { field: 'tariff_option_id', message: 'unknown tariff option of this application' },
            ]);
          }
          query.set('tariff_option_id', option);
        }
        query.set('source', 'api');
        query.set('sign', await hmacSha256Hex(this.#partnerToken, query.toString()));
        return reply(200, {
          success: true,
          data: { url: `https://alteg.io/appstore/payment/?${query}` },
          meta: [],
        });
      }),
      route('POST', 'both', /^\/marketplace\/application\/update_channel$/, (call) => {
        const parsed = channelBody.safeParse(call.body);
        if (!parsed.success) {
          const errors = Object.fromEntries(toWireErrors(parsed.error).map((e) => [e.field, [e.message]]));
          return failure(422, 'An error has occurred.', errors);
        }
        if (!sameApp(parsed.data.application_id)) return noAccess();
        const link = this.#installed(parsed.data.salon_id);
        if (!link) return failure(422, "Application isn't installed in this location.");
        link.channels[parsed.data.channel_slug] = parsed.data.is_available;
        return reply(200, { success: true, data: {}, meta: [] });
      }),
      route('POST', 'app', /^\/marketplace\/partner\/short_names$/, (call) => {
        const parsed = shortNamesBody.safeParse(call.body);
        if (!parsed.success) return invalid(parsed.error);
        if (!sameApp(parsed.data.application_id)) return noAccess();
        const link = this.#installed(parsed.data.salon_id);
        if (!link) return failure(422, "Application isn't installed in this location.");
        link.shortNames = [...parsed.data.short_names];
        return reply(201);
      }),
      route('POST', 'api', /^\/voip\/integration$/, (call) => this.#voip(call.body)),
      route('GET', 'api', /^\/voip\/integration\/calls$/, (call) => this.#calls(call.query), 'partnerUser'),
    ];
  }

  #voip(raw: unknown): Response {
    const parsed = voipBody.safeParse(raw);
    if (!parsed.success) return invalid(parsed.error);
    const body = parsed.data;
    const chain = this.#chains.get(body.crm_token);
    if (!chain) return failure(404, 'Integration not found: unknown crm_token.');
    const processed = body.command === 'setup' || chain.enabled;
    chain.commands.push({ command: body.command, type: body.type, body: { ...body }, processed });
    if (body.command === 'setup') chain.enabled = body.type === 'enable';
    if (body.command === 'history' && processed) {
      chain.calls.push({
        id: this.#nextCallId++,
        client_id: 0,
        caller_phone: body.phone,
        record_link: body.link ?? '',
        duration: body.duration ?? 0,
        status: body.status ?? 'success',
        type: body.type,
        call_date:
          body.date ??
          this.now()
            .toISOString()
            .replace(/\.\d{3}Z$/, '+00:00'),
        ...(body.call_id === undefined ? {} : { call_id: body.call_id }),
      });
    }
    return reply(202, { success: true, data: null, meta: { message: 'Accepted' } });
  }

  #calls(query: URLSearchParams): Response {
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(queryRecord(query))) input[key] = value;
    for (const key of ['types', 'statuses']) {
      if (typeof input[key] === 'string') input[key] = [input[key]];
    }
    const parsed = callsQuery.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    const filter = parsed.data;
    const from = filter.date_from.slice(0, 10);
    const to = filter.date_to.slice(0, 10);
    const calls = (this.#chainOf(filter.salon_id)?.calls ?? []).filter((item) => {
      const day = item.call_date.slice(0, 10);
      if (day < from || day > to) return false;
      if (filter.phone !== undefined && item.caller_phone !== filter.phone) return false;
      if (filter.types && !filter.types.includes(item.type as never)) return false;
      if (filter.statuses && !filter.statuses.includes(item.status as never)) return false;
      return true;
    });
    const limit = filter.limit ?? 25;
    const page = Math.max(1, filter.page ?? 1);
    const data = calls.slice((page - 1) * limit, page * limit).map(({ call_id: _, ...wire }) => wire);
    return reply(200, { success: true, data });
  }
}

const credentialRedactor = createRedactor([]);

function redactBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const copy = credentialRedactor(body);
  // `login` is a credential of the activation callback, though its name does not say so.
  if (typeof copy === 'object' && copy !== null && !Array.isArray(copy) && 'login' in copy) {
    const record = copy as Record<string, unknown>;
    if (record.login !== undefined && record.login !== null) record.login = '[REDACTED]';
  }
  return copy;
}

function faultKind(fault: FakeFault): FakeFaultKind {
  if ('delayMs' in fault) return 'delay';
  if ('drop' in fault) return 'drop';
  if ('html' in fault) return 'html';
  if ('successFalse' in fault) return 'successFalse';
  return 'status';
}

function faultResponse(fault: FakeFault): Response {
  if ('drop' in fault) return Response.error();
  if ('html' in fault) {
    const html =
      typeof fault.html === 'string'
        ? fault.html
        : '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    return new Response(html, { status: fault.status ?? 200, headers: { 'content-type': 'text/html' } });
  }
  if ('successFalse' in fault) {
    return reply(200, {
      success: false,
      data: null,
      meta: { message: fault.message ?? 'An error has occurred.' },
    });
  }
  if ('status' in fault) {
    const headers: Record<string, string> = fault.status === 429 ? { 'retry-after': '1' } : {};
    return reply(
      fault.status,
      { success: false, data: null, meta: fault.message === undefined ? {} : { message: fault.message } },
      headers,
    );
  }
  return failure(500);
}

/**
 * Creates a stateful fake Altegio for tests and local runs.
 *
 * @throws {TypeError} when `partnerToken` or `applicationId` is missing.
 * @example
 * ```ts
 * import { createFakeAltegio } from 'altegio-marketplace/testing';
 * import { setupServer } from 'msw/node';
 *
 * const fake = createFakeAltegio({ partnerToken: 'test-partner-token', applicationId: 123 });
 * const server = setupServer(...fake.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 */
export function createFakeAltegio(options: FakeAltegioOptions): FakeAltegio {
  return new FakeAltegio(options);
}
