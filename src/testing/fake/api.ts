import type { MswHandler } from './msw';
import type { AddInstallationOptions, FakePayOptions, GrantAccessOptions } from './options';
import type { FakeAltegioServer, FakeListenOptions } from './server';
import type {
  FakeFault,
  FakeFaultFilter,
  FakeFrame,
  FakeInstallation,
  FakePayment,
  FakeRequestRecord,
  FakeTelephony,
  FakeWebhookDelivery,
  FakeWebhookSettingsWire,
} from './types';

/**
 * A stateful fake of Altegio's Marketplace and VoIP endpoints, as {@link createFakeAltegio} returns it.
 * Use {@link FakeAltegio.handlers} with msw or {@link FakeAltegio.listen} for a loopback server.
 * Every method throws a `ConfigurationError` that names the argument at fault on bad input.
 */
export interface FakeAltegio {
  /** The app id this fake serves. */
  readonly applicationId: number;
  /** The media type it requires in `Accept`. */
  readonly accept: string;
  /** The partner host's base URL its msw handlers intercept (the production host by default). */
  readonly appBaseUrl: string;
  /** The REST API's base URL its msw handlers intercept (the production host by default). */
  readonly apiBaseUrl: string;
  /** Lifecycle webhook target; may be set after creation (e.g. once the vendor server listens). */
  callbackUrl: string | undefined;

  /** The fake's current time (the injected clock plus {@link FakeAltegio.advanceTime}). */
  now(): Date;

  /**
   * Moves the fake's clock forward, e.g. past the 12-hour activation window.
   * @throws {ConfigurationError} when `ms` is not a finite number of 0 or more.
   * @example
   * ```ts
   * fake.advanceTime(13 * 3_600_000);
   * ```
   */
  advanceTime(ms: number): void;

  /**
   * msw request handlers for the configured app and API base URLs; needs `msw` installed.
   * @throws {ConfigurationError} when msw is not installed.
   * @example
   * ```ts
   * const server = setupServer(...fake.handlers);
   * ```
   */
  readonly handlers: MswHandler[];

  /**
   * Serves the fake on 127.0.0.1 (a free port by default). Pass the result's `platform` to
   * `createAltegioClient`, or its base URLs to a backend as `ALTEGIO_APP_BASE_URL`/`ALTEGIO_API_BASE_URL`.
   * @throws {ConfigurationError} when `port` is not an integer from 0 to 65535.
   * @example
   * ```ts
   * const server = await fake.listen();
   * const altegio = createAltegioClient({ partnerToken, platform: server.platform });
   * ```
   */
  listen(options?: FakeListenOptions): Promise<FakeAltegioServer>;

  /**
   * Simulates the user clicking Connect and granting access: creates (or renews) a `pending` link for
   * each location and returns the registration redirect URL Altegio would send the browser to.
   * @throws {ConfigurationError} on bad options, e.g. `locationId` where `locationIds` is wanted.
   * @example
   * ```ts
   * const url = await fake.grantAccess({ locationIds: [456], registrationUrl: 'https://vendor.example/connect' });
   * ```
   */
  grantAccess(options: GrantAccessOptions): Promise<string>;

  /**
   * Puts a location straight into a state, for tests that start mid-lifecycle (no redirect involved).
   * With `crmToken`, the location joins that chain; `telephonyEnabled` sets the chain's telephony.
   * @throws {ConfigurationError} on bad options.
   * @example
   * ```ts
   * fake.addInstallation({ locationId: 456, crmToken: 'crm-token', telephonyEnabled: true });
   * ```
   */
  addInstallation(options: AddInstallationOptions): void;

  /**
   * Simulates the user clicking Disconnect: the link becomes `uninstalled` and an `uninstall` webhook is
   * POSTed to `callbackUrl`. Resolves to the delivery (the vendor's answer status).
   * @throws {ConfigurationError} when `locationId` is not a positive integer.
   * @example
   * ```ts
   * expect((await fake.disconnect(456)).status).toBe(200);
   * ```
   */
  disconnect(locationId: number): Promise<FakeWebhookDelivery>;

  /**
   * Simulates expiry of the paid period: the link becomes `freezed` and a `freeze` webhook is sent.
   * @throws {ConfigurationError} when `locationId` is not a positive integer.
   * @example
   * ```ts
   * await fake.freeze(456);
   * ```
   */
  freeze(locationId: number): Promise<FakeWebhookDelivery>;

  /**
   * Simulates a location paying for your app on Altegio's own payment page: records the payment and
   * POSTs a signed `payment` lifecycle webhook to `callbackUrl`. The `sign` is what Altegio's back end
   * computes, over the numbers' own text (`amount=100.5` for 100.50).
   *
   * @returns the delivery: your callback's answer status, or the error.
   * @throws {ConfigurationError} when `locationId` is not a positive integer, or `amount` or `discount`
   * is not a finite number.
   * @example
   * ```ts
   * fake.callbackUrl = 'http://127.0.0.1:3000/altegio/callback';
   * const delivery = await fake.pay(456, { amount: 19.9, tariffOptionId: 123 });
   * expect(delivery.status).toBe(200);
   * ```
   */
  pay(locationId: number, options: FakePayOptions): Promise<FakeWebhookDelivery>;

  /**
   * Makes the next `count` matching requests fail with `fault` instead of (or, for a delay, before) the
   * normal answer. Faults queue in order.
   * @throws {ConfigurationError} when `count` is not a positive integer, or `fault` or `filter` is malformed.
   * @example
   * ```ts
   * fake.failNext(1, { drop: 'after' }, { path: '/marketplace/partner/payment' });
   * ```
   */
  failNext(count: number, fault: FakeFault, filter?: FakeFaultFilter): void;

  /** Resolves once every webhook the fake started sending has been answered. */
  idle(): Promise<void>;

  /** Forgets all state (links, payments, chains, requests, faults), keeping the options. */
  reset(): void;

  /** Requests the fake saw (the latest 10 000), oldest first; `Authorization` and credential fields are redacted. */
  readonly requests: readonly FakeRequestRecord[];

  /** Lifecycle webhooks the fake sent, oldest first. */
  readonly webhooks: readonly FakeWebhookDelivery[];

  /**
   * Payments reported to the fake, optionally for one location only.
   * @throws {ConfigurationError} when `locationId` is given and not a positive integer.
   */
  payments(locationId?: number): FakePayment[];

  /**
   * The link of one location, or `undefined` when it was never granted.
   * @throws {ConfigurationError} when `locationId` is not a positive integer.
   */
  installation(locationId: number): FakeInstallation | undefined;

  /**
   * Frames installed in a location (`install_frame`, or `chat_url` at activation); one chat slot.
   * @throws {ConfigurationError} when `locationId` is not a positive integer.
   * @example
   * ```ts
   * expect(fake.frames(456)).toEqual([{ type: 'chat', url: 'https://vendor.example/chat' }]);
   * ```
   */
  frames(locationId: number): FakeFrame[];

  /**
   * A location's entity webhook settings (`hooks_settings`), in wire shape.
   * @throws {ConfigurationError} when `locationId` is not a positive integer.
   * @example
   * ```ts
   * expect(fake.webhookSettings(456).urls).toContain('https://vendor.example/hooks/456');
   * ```
   */
  webhookSettings(locationId: number): FakeWebhookSettingsWire;

  /**
   * Sets a location's webhook settings as if someone else (another app, the owner) had written them,
   * e.g. to check that your code keeps their URLs.
   * @throws {ConfigurationError} when `locationId` is not a positive integer, or `settings` lacks
   * `urls` (an array of strings) or `active` (0 or 1).
   * @example
   * ```ts
   * fake.setWebhookSettings(456, { urls: ['https://other-app.example/hooks'], active: 1, record: 1 });
   * ```
   */
  setWebhookSettings(locationId: number, settings: FakeWebhookSettingsWire): void;

  /**
   * The telephony state of the chain with this CRM token, or `undefined` when it is unknown.
   * @throws {ConfigurationError} when `crmToken` is not a string.
   */
  telephony(crmToken: string): FakeTelephony | undefined;

  /**
   * Answers one request the way Altegio would. An unknown host or path gets a plain-text 400 that says
   * the fake has no such route (its text, and the header `x-fake-altegio: no-route`), never Altegio's
   * JSON envelope, so no SDK method mistakes it for "not installed"; a dropped connection is
   * `Response.error()`.
   * @throws {ConfigurationError} when `request` is not a Web `Request`.
   * @example
   * ```ts
   * const response = await fake.handle(new Request('https://app.alteg.io/marketplace/partner/payment'));
   * ```
   */
  handle(request: Request): Promise<Response>;
}
