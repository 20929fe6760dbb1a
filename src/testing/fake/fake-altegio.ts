import { isPositiveId } from '../../core/rules';
import { buildConnectRedirectUrl } from '../redirect';
import { createPaymentBody } from '../signers';
import type { FakeAltegio } from './api';
import {
  isRecord,
  need,
  needChainId,
  needCrmToken,
  needLocationId,
  needLocationIds,
  needOptions,
  needUrl,
} from './check';
import { Deliveries } from './deliveries';
import { FaultQueue } from './faults';
import { type BaseUrls, HttpFront } from './front';
import { type MswHandler, mswHandlers } from './msw';
import {
  type AddInstallationOptions,
  type FakeAltegioOptions,
  type FakePayOptions,
  type GrantAccessOptions,
  type ResolvedOptions,
  resolveOptions,
} from './options';
import { WindowCounter } from './rate-limit';
import { applicationRoutes } from './routes/application';
import { dictionaryRoutes } from './routes/dictionaries';
import { marketplaceRoutes } from './routes/marketplace';
import type { RouteContext } from './routes/reply';
import { telephonyRoutes } from './routes/telephony';
import { webhookSettingsRoutes } from './routes/webhook-settings';
import { type FakeAltegioServer, type FakeListenOptions, listenFake } from './server';
import { FakeState, fakeDateTime } from './state';
import type { FakeFault, FakeFaultFilter, FakeWebhookSettingsWire } from './types';

// The fake itself only joins the parts: state (state.ts), the HTTP front (front.ts), faults
// (faults.ts), lifecycle webhooks (deliveries.ts) and the routes (routes/). It checks its arguments
// here, before anything changes, so a bad call leaves the state as it was.

const STATUSES = new Set(['pending', 'active', 'freezed']);
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

/** The fake: the {@link FakeAltegio} interface over its parts. Not exported from the entry. @internal */
class FakeAltegioImpl implements FakeAltegio {
  readonly applicationId: number;
  readonly accept: string;
  readonly appBaseUrl: string;
  readonly apiBaseUrl: string;
  callbackUrl: string | undefined;

  readonly #options: ResolvedOptions;
  readonly #state: FakeState;
  readonly #faults = new FaultQueue();
  readonly #limit: WindowCounter;
  readonly #deliveries: Deliveries;
  readonly #front: HttpFront;

  constructor(input: FakeAltegioOptions) {
    const options = resolveOptions(input);
    this.#options = options;
    this.applicationId = options.applicationId;
    this.accept = options.accept;
    this.appBaseUrl = options.appBaseUrl;
    this.apiBaseUrl = options.apiBaseUrl;
    this.callbackUrl = options.callbackUrl;
    this.#state = new FakeState(options.now);
    this.#limit = new WindowCounter(options.rateLimit);
    this.#deliveries = new Deliveries({
      partnerToken: options.partnerToken,
      applicationId: options.applicationId,
      accept: options.accept,
      fetch: options.fetch,
      callbackUrl: () => this.callbackUrl,
    });
    const ctx: RouteContext = {
      applicationId: options.applicationId,
      partnerToken: options.partnerToken,
      appBaseUrl: options.appBaseUrl,
      activationWindowMs: options.activationWindowMs,
      tariffs: options.tariffs,
      state: this.#state,
      uninstalled: (locationId) => void this.#deliveries.send('uninstall', locationId),
    };
    this.#front = new HttpFront({
      partnerToken: options.partnerToken,
      userToken: options.userToken,
      accept: options.accept,
      faults: this.#faults,
      limit: this.#limit,
      settle: () => this.#state.settle(),
      routes: [
        ...marketplaceRoutes(ctx),
        ...applicationRoutes(ctx),
        ...webhookSettingsRoutes(ctx),
        ...telephonyRoutes(ctx),
        ...dictionaryRoutes(),
      ],
    });
    this.#front.addBaseUrls({ appBaseUrl: this.appBaseUrl, apiBaseUrl: this.apiBaseUrl });
  }

  /** Also answer requests under these base URLs (used by `listen()`). */
  addBaseUrls(bases: BaseUrls): void {
    this.#front.addBaseUrls(bases);
  }

  /** Stop answering under these base URLs. */
  removeBaseUrls(bases: BaseUrls): void {
    this.#front.removeBaseUrls(bases);
  }

  now(): Date {
    return this.#state.now();
  }

  advanceTime(ms: number): void {
    need(
      isFiniteNumber(ms) && ms >= 0,
      'advanceTime',
      'ms',
      'expected a finite number of milliseconds, 0 or more',
    );
    this.#state.advance(ms);
  }

  get handlers(): MswHandler[] {
    return mswHandlers([this.appBaseUrl, this.apiBaseUrl], (request) => this.handle(request));
  }

  listen(options: FakeListenOptions = {}): Promise<FakeAltegioServer> {
    return listenFake(this, options);
  }

  async grantAccess(options: GrantAccessOptions): Promise<string> {
    const method = 'grantAccess';
    needOptions(options, method, "{ locationIds: [456], registrationUrl: 'https://vendor.example/connect' }");
    needLocationIds(options, method);
    needChainId(options.chainId, method);
    needCrmToken(options.crmToken, method);
    needUrl(options.registrationUrl, method, 'registrationUrl', true);
    const crmToken = chainToken(options.chainId, options.crmToken);
    // Built first: it checks the redirect options, and the state changes only once they hold.
    const { registrationUrl, ...redirect } = options;
    const partnerToken = this.#options.partnerToken;
    const url = await buildConnectRedirectUrl(registrationUrl, { ...redirect, crmToken, partnerToken });
    this.#state.grant({ locationIds: options.locationIds, chainId: options.chainId, crmToken });
    return url;
  }

  addInstallation(options: AddInstallationOptions): void {
    const method = 'addInstallation';
    needOptions(options, method, '{ locationId: 456 }');
    needLocationId(options.locationId, method);
    const status = options.status ?? 'active';
    need(STATUSES.has(status), method, 'status', "expected 'pending', 'active' or 'freezed'");
    needChainId(options.chainId, method);
    needCrmToken(options.crmToken, method);
    const enabled = options.telephonyEnabled;
    need(
      enabled === undefined || typeof enabled === 'boolean',
      method,
      'telephonyEnabled',
      'expected a boolean',
    );
    const crmToken = chainToken(options.chainId, options.crmToken);
    this.#state.grant({ locationIds: [options.locationId], chainId: options.chainId, crmToken });
    const link = this.#state.links.get(options.locationId);
    if (link && link.status !== status) this.#state.log(link, status, 'partner_api');
    const chain = options.crmToken === undefined ? undefined : this.#state.chains.get(options.crmToken);
    if (chain && enabled !== undefined) chain.enabled = enabled;
  }

  async disconnect(locationId: number) {
    needLocationId(locationId, 'disconnect');
    const link = this.#state.links.get(locationId);
    if (link && link.status !== 'uninstalled') this.#state.log(link, 'uninstalled', 'marketplace');
    return this.#deliveries.send('uninstall', locationId);
  }

  async freeze(locationId: number) {
    needLocationId(locationId, 'freeze');
    const link = this.#state.links.get(locationId);
    if (link && (link.status === 'active' || link.status === 'pending'))
      this.#state.log(link, 'freezed', 'billing');
    return this.#deliveries.send('freeze', locationId);
  }

  async pay(locationId: number, options: FakePayOptions) {
    checkPay(locationId, options);
    const now = fakeDateTime(this.now());
    const payment = this.#state.addPayment({
      locationId,
      currencyIso: options.currencyIso ?? 'USD',
      paymentSum: options.amount,
      paymentDate: options.paymentDate ?? now,
      periodFrom: options.periodFrom ?? now,
      periodTo: options.periodTo ?? now,
    });
    const body = await createPaymentBody({
      partnerToken: this.#options.partnerToken,
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
    return this.#deliveries.send('payment', locationId, body);
  }

  failNext(count: number, fault: FakeFault, filter: FakeFaultFilter = {}): void {
    this.#faults.add(count, fault, filter);
  }

  idle(): Promise<void> {
    return this.#deliveries.idle();
  }

  reset(): void {
    this.#state.reset();
    this.#front.requests.length = 0;
    this.#deliveries.clear();
    this.#faults.clear();
    this.#limit.clear();
  }

  get requests() {
    return [...this.#front.requests];
  }

  get webhooks() {
    return [...this.#deliveries.list];
  }

  payments(locationId?: number) {
    if (locationId !== undefined) needLocationId(locationId, 'payments');
    return this.#state.paymentsOf(locationId);
  }

  installation(locationId: number) {
    needLocationId(locationId, 'installation');
    return this.#state.installation(locationId);
  }

  frames(locationId: number) {
    needLocationId(locationId, 'frames');
    return this.#state.frames(locationId);
  }

  webhookSettings(locationId: number) {
    needLocationId(locationId, 'webhookSettings');
    return this.#state.webhookSettings(locationId);
  }

  setWebhookSettings(locationId: number, settings: FakeWebhookSettingsWire): void {
    const method = 'setWebhookSettings';
    needLocationId(locationId, method);
    need(isRecord(settings), method, 'settings', 'expected an object like { urls: [], active: 0 }');
    const { urls, active } = settings;
    need(
      Array.isArray(urls) && urls.every((url) => typeof url === 'string'),
      method,
      'settings.urls',
      'expected an array of URL strings',
    );
    need(active === 0 || active === 1, method, 'settings.active', 'expected 0 or 1');
    this.#state.setWebhookSettings(locationId, settings);
  }

  telephony(crmToken: string) {
    need(typeof crmToken === 'string', 'telephony', 'crmToken', 'expected the chain CRM token string');
    return this.#state.telephony(crmToken);
  }

  handle(request: Request): Promise<Response> {
    return this.#front.handle(request);
  }
}

/** The chain's CRM token: the one given, or a new UUID for a chain named without one. */
function chainToken(chainId: number | undefined, crmToken: string | undefined): string | undefined {
  return chainId !== undefined && crmToken === undefined ? crypto.randomUUID() : crmToken;
}

function checkPay(locationId: unknown, options: FakePayOptions): void {
  const method = 'pay';
  needLocationId(locationId, method);
  needOptions(options, method, '456, { amount: 19.9 }');
  need(isFiniteNumber(options.amount), method, 'amount', 'expected a finite number');
  const { discount, tariffOptionId } = options;
  need(discount === undefined || isFiniteNumber(discount), method, 'discount', 'expected a finite number');
  need(
    tariffOptionId === undefined || isPositiveId(tariffOptionId),
    method,
    'tariffOptionId',
    'expected a positive integer',
  );
  for (const option of ['currencyIso', 'paymentDate', 'periodFrom', 'periodTo'] as const) {
    need(isOptionalString(options[option]), method, option, 'expected a string');
  }
}

/**
 * Creates a stateful fake Altegio for tests and local runs.
 *
 * @throws {ConfigurationError} when an option is missing or invalid (`partnerToken`, `applicationId`,
 * a base URL, `rateLimit`, ...); the error's `option` names it.
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
  return new FakeAltegioImpl(options);
}
