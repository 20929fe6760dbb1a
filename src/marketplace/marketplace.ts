import type * as z from 'zod/mini';
import type { ClientContext } from '../core/context';
import { toMarketplaceDateTime } from '../core/dates';
import { paginate } from '../core/paginate';
import { path } from '../core/path';
import { parseInput } from '../core/validate';
import { type CallOptions, callOptions } from '../core/call-options';
import { InstallationStateError } from '../errors/installation-state-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import { NotFoundError } from '../errors/not-found-error';
import { PermissionDeniedError } from '../errors/permission-denied-error';
import type { RefundPaymentOptions } from '../store/ledger';
import {
  type ActivateParams,
  type ActivateRedirectResult,
  type ActivateResult,
  type AddDiscountParams,
  activateParamsSchema,
  addDiscountParamsSchema,
  type ChannelAvailabilityParams,
  channelAvailabilityParamsSchema,
  type InstallFrameParams,
  installFrameParamsSchema,
  type Installation,
  type InstallationPayment,
  installationSchema,
  type ListLocationsParams,
  type Location,
  type LocationPage,
  type LocationsParams,
  listLocationsParamsSchema,
  locationIdSchema,
  locationListSchema,
  locationsParamsSchema,
  type PaymentLink,
  type PaymentLinkParams,
  paymentIdSchema,
  paymentLinkSchema,
  paymentLinkParamsSchema,
  type ReconcilePaymentParams,
  type ReportPaymentParams,
  type ReportPaymentResult,
  reconcilePaymentParamsSchema,
  refundPaymentOptionsSchema,
  reportPaymentParamsSchema,
  reportPaymentResultSchema,
  type ShortNamesParams,
  shortNamesParamsSchema,
  type Tariff,
  tariffListSchema,
  MAX_WEBHOOK_URLS,
  type WebhookSettings,
  type WebhookSettingsParams,
  webhookEntityFields,
  TOO_MANY_WEBHOOK_URLS,
  webhookSettingsReadSchema,
  webhookSettingsParamsSchema,
  webhookUrlListSchema,
} from './schemas';

const activationHints = {
  422: 'Altegio activates only a pending installation: activate at once; Altegio accepts it for up to 12 hours after the user granted access (its guide says 1 hour). Check getInstallation(locationId); if it is not pending, the user must connect again from the Marketplace',
};
const notInstalledHint = { 404: 'The app is not installed in this location (Application is not installed)' };
// The spec and Altegio's own hub disagree on the host of this group: a 404 may mean the wrong one.
const applicationHost =
  'or this Altegio serves /marketplace/application/* on another host: set platform.applicationBaseUrl (ALTEGIO_APPLICATION_BASE_URL), e.g. to https://api.alteg.io/api/v1';
const applicationHints = {
  404: `The app is not installed in this location (Application is not installed), ${applicationHost}`,
};
/**
 * Posts the activation callback without reading the status first, for `connect`, which has just read
 * it. Module-private: not exported from the package.
 * @internal
 */
export const postActivation = Symbol('postActivation');

/** The activation fields Altegio applies only to a pending installation (names only: some are secrets). */
const activationSettings = [
  'webhookUrls',
  'apiKey',
  'chatUrl',
  'tipsUrl',
  'channels',
  'login',
  'secretKey',
] as const;

/** Altegio's answer to an activation callback for an installation that is already active. */
const ALREADY_INSTALLED = 'The user has already installed this application.';

/**
 * Marketplace partner calls (`altegio.marketplace`): activation, installation status, billing,
 * uninstall and the extras for SMS and chat apps. Every method validates its input before sending
 * (`InvalidInputError`) and rejects with a typed `AltegioError`.
 *
 * Every method takes {@link CallOptions} (`{ signal }`) as its optional last argument: an aborted
 * call rejects with `RequestAbortedError` and is not retried. Call options that are not an object, or a
 * `signal` that is not an `AbortSignal`, reject with `InvalidInputError` before anything is sent.
 *
 * @example
 * ```ts
 * const installation = await altegio.marketplace.getInstallation(456);
 * if (installation?.status === 'pending') await altegio.marketplace.activate({ locationId: 456 });
 * ```
 */
export class Marketplace {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  #activationBody(p: z.output<typeof activateParamsSchema>) {
    return {
      salon_id: p.locationId,
      application_id: this.#ctx.applicationId,
      webhook_urls: p.webhookUrls,
      api_key: p.apiKey,
      chat_url: p.chatUrl,
      tips_url: p.tipsUrl,
      channels: p.channels,
      login: p.login,
      secret_key: p.secretKey,
    };
  }

  // Altegio applies activation settings only to a pending installation: say so when some were given.
  #alreadyActive(p: z.output<typeof activateParamsSchema>): ActivateResult {
    const given = activationSettings.filter((name) => p[name] !== undefined);
    if (given.length > 0) {
      this.#ctx.logger?.warn?.(
        `marketplace.activate: location ${p.locationId} is already active, so ${given.join(', ')} ${given.length === 1 ? 'was' : 'were'} not applied; use addWebhookUrls for webhook URLs and installFrame for the chat panel`,
        { locationId: p.locationId, notApplied: given },
      );
    }
    return { outcome: 'already-active' };
  }

  #warnDiscount(operation: string, discount: number | undefined) {
    if (discount !== undefined && (discount < 0 || discount > 100)) {
      this.#ctx.logger?.warn?.(`${operation}: discount is a percentage; ${discount} is outside 0–100`, {
        discount,
      });
    }
  }

  /**
   * Activates your app for a location whose user has just granted access, and is safe to repeat: it
   * reads the installation first (GET app `/marketplace/salon/{location_id}/application/{application_id}`)
   * and posts the activation callback (POST app `/marketplace/partner/callback`) only when it is
   * `pending`. Activate at once: Altegio accepts it for up to 12 hours after the grant (its guide says
   * 1 hour). An answer `403 "The user has already installed this application."` (another instance
   * activated it first) counts as `already-active`.
   *
   * An already-active installation keeps its settings: `webhookUrls`, `apiKey`, `chatUrl`, `tipsUrl`,
   * `channels`, `login` and `secretKey` are not sent then, and the client logger gets a warning naming
   * the fields (never their values). Change them with {@link Marketplace.addWebhookUrls} (webhook URLs)
   * and {@link Marketplace.installFrame} (the chat panel).
   *
   * @returns `{ outcome }`: `'activated'` or `'already-active'`.
   * @throws {InvalidInputError} bad `locationId`, `webhookUrls` (more than 10, or not https; plain http
   * only for `127.0.0.1`, `localhost`, `[::1]`), `apiKey`, `chatUrl`, `tipsUrl`, `channels`, `login` or
   * `secretKey` (nothing sent).
   * @throws {InstallationStateError} the installation is missing or not pending (frozen): nothing sent.
   * @throws {ValidationError} 422: Altegio refused it (e.g. the pending window passed).
   * @throws {PermissionDeniedError} 403 for any other reason (wrong application id or token).
   * @throws {OutcomeUnknownError} the request may have been processed; read `getInstallation` to see.
   * @example
   * ```ts
   * const { outcome } = await altegio.marketplace.activate({
   *   locationId: 456,
   *   webhookUrls: ['https://example.com/hooks/456'],
   * });
   * // 'activated' the first time, 'already-active' on a repeat
   * ```
   */
  async activate(params: ActivateParams, call: CallOptions = {}): Promise<ActivateResult> {
    call = callOptions('marketplace.activate', call);
    const p = parseInput('marketplace.activate', activateParamsSchema, params);
    const found = await this.getInstallation(p.locationId, call);
    if (found?.status === 'active') return this.#alreadyActive(p);
    if (found?.status !== 'pending') {
      throw new InstallationStateError('marketplace.activate', p.locationId, found?.status ?? null);
    }
    return this.#post(p, call);
  }

  /** @internal See {@link postActivation}. */
  async [postActivation](params: ActivateParams, call: CallOptions = {}): Promise<ActivateResult> {
    call = callOptions('marketplace.activate', call);
    return this.#post(parseInput('marketplace.activate', activateParamsSchema, params), call);
  }

  async #post(p: z.output<typeof activateParamsSchema>, call: CallOptions): Promise<ActivateResult> {
    try {
      await this.#ctx.transport.request({
        method: 'POST',
        signal: call.signal,
        host: 'app',
        path: '/marketplace/partner/callback',
        body: this.#activationBody(p),
        writeOnce: true,
        secrets: [p.apiKey, p.login, p.secretKey],
        hints: activationHints,
      });
    } catch (error) {
      // Two instances racing: the other one activated it between our read and our post.
      if (isAlreadyInstalled(error)) return this.#alreadyActive(p);
      throw error;
    }
    return { outcome: 'activated' };
  }

  /**
   * Activates like {@link Marketplace.activate}, through the browser variant (POST app
   * `/marketplace/partner/callback/redirect`). The 301 is not followed: its `Location` is returned so you
   * can send the user's browser there. 200, 201 and 301 all mean success.
   *
   * Unlike `activate`, it does not read the installation first; an active one answers
   * `PermissionDeniedError` (403 "The user has already installed this application.").
   *
   * @returns `{ redirectUrl }`: the `Location` header exactly as sent, or `null` when there is none.
   * @throws {ValidationError} 422: not pending (e.g. the 12-hour window passed).
   * @example
   * ```ts
   * const { redirectUrl } = await altegio.marketplace.activateWithRedirect({ locationId: 456 });
   * if (redirectUrl) res.redirect(redirectUrl);
   * ```
   */
  async activateWithRedirect(
    params: ActivateParams,
    call: CallOptions = {},
  ): Promise<ActivateRedirectResult> {
    call = callOptions('marketplace.activateWithRedirect', call);
    const p = parseInput('marketplace.activateWithRedirect', activateParamsSchema, params);
    const { headers } = await this.#ctx.transport.requestRaw({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: '/marketplace/partner/callback/redirect',
      body: this.#activationBody(p),
      writeOnce: true,
      redirect: 'manual',
      secrets: [p.apiKey, p.login, p.secretKey],
      hints: activationHints,
    });
    return { redirectUrl: headers.get('location') || null };
  }

  /**
   * Reads where a location's installation of your app stands, with its payments and status history
   * (GET app `/marketplace/salon/{location_id}/application/{application_id}`).
   *
   * @returns the installation, or `null` when the app is not installed there (Altegio's 404).
   * @throws {InvalidInputError} `locationId` is not a positive integer.
   * @example
   * ```ts
   * const installation = await altegio.marketplace.getInstallation(456);
   * if (installation === null) console.log('not installed');
   * else console.log(installation.status, installation.payments.length);
   * ```
   */
  async getInstallation(locationId: number, call: CallOptions = {}): Promise<Installation | null> {
    call = callOptions('marketplace.getInstallation', call);
    const id = parseInput('marketplace.getInstallation', locationIdSchema, locationId);
    try {
      return await this.#ctx.transport.request({
        method: 'GET',
        signal: call.signal,
        host: 'app',
        path: path`/marketplace/salon/${id}/application/${this.#ctx.applicationId}`,
        schema: installationSchema,
      });
    } catch (error) {
      // A non-JSON 404 is a wrong base URL, not "not installed".
      if (error instanceof NotFoundError && typeof error.body !== 'string') return null;
      throw error;
    }
  }

  /**
   * Lists one page of the locations that have your app (GET app
   * `/marketplace/application/{application_id}/salons`). Use {@link Marketplace.locations} to walk all pages.
   *
   * @throws {InvalidInputError} `page` negative, or `count` outside 1–1000.
   * @example
   * ```ts
   * const { locations, hasMore } = await altegio.marketplace.listLocations({ page: 1, count: 500 });
   * ```
   */
  async listLocations(params: ListLocationsParams = {}, call: CallOptions = {}): Promise<LocationPage> {
    call = callOptions('marketplace.listLocations', call);
    const { page, count } = parseInput('marketplace.listLocations', listLocationsParamsSchema, params);
    const locations = await this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'app',
      path: path`/marketplace/application/${this.#ctx.applicationId}/salons`,
      query: { page, count },
      schema: locationListSchema,
    });
    return { locations, page, count, hasMore: locations.length >= count };
  }

  /**
   * Iterates over every location that has your app, page by page; stops at the first short page and
   * yields each location id once, even if pages overlap.
   *
   * @throws {InvalidInputError} `pageSize` outside 1–1000 (on the first iteration).
   * @example
   * ```ts
   * for await (const location of altegio.marketplace.locations({ pageSize: 500 })) {
   *   console.log(location.id, location.title);
   * }
   * ```
   */
  async *locations(
    params: LocationsParams = {},
    call: CallOptions = {},
  ): AsyncGenerator<Location, void, undefined> {
    call = callOptions('marketplace.locations', call);
    const { pageSize, firstPage } = parseInput('marketplace.locations', locationsParamsSchema, params);
    yield* paginate(
      firstPage,
      async (page) => {
        const { locations, hasMore } = await this.listLocations({ page, count: pageSize }, call);
        return { items: locations, hasMore };
      },
      (location) => location.id,
    );
  }

  /**
   * Reports a subscription payment you took (POST app `/marketplace/partner/payment`). Without it the
   * integration is switched off when the trial or paid period ends. `Date` inputs are written as
   * `YYYY-MM-DD HH:MM:SS` in `timeZone` (default: the client's `timeZone`); strings are sent as is.
   *
   * Never sent twice: when the outcome is unknown it throws `OutcomeUnknownError`; then call
   * {@link Marketplace.reconcilePayment} with the same argument before deciding to send it again.
   *
   * With `idempotencyKey`, the call is exactly-once across every instance sharing the client's `store`:
   * the key is claimed before sending, a repeat returns the first result, and after an
   * `OutcomeUnknownError` the next call with the key reconciles first and sends again only when Altegio
   * provably did not record the payment (see the guide "Running several instances").
   *
   * @returns `{ paymentId }`: store it, it is the only handle for {@link Marketplace.refundPayment}.
   * @throws {IdempotencyConflictError} the key was used with other parameters, or is still in flight (nothing sent).
   * @throws {StoreUnavailableError} with `idempotencyKey`, the store cannot be reached (nothing sent).
   * @throws {InvalidInputError} bad currency code, negative sum, malformed date, or `periodTo` before `periodFrom`.
   * @throws {OutcomeUnknownError} sent, but the answer was lost (timeout, dropped connection, 5xx).
   * @throws {ValidationError} 422: Altegio refused the parameters.
   * @example
   * ```ts
   * const { paymentId } = await altegio.marketplace.reportPayment({
   *   locationId: 456, currencyIso: 'USD', paymentSum: 29.9,
   *   paymentDate: new Date(), periodFrom: '2026-09-01 00:00:00', periodTo: '2026-09-30 23:59:59',
   * });
   * ```
   */
  async reportPayment(params: ReportPaymentParams, call: CallOptions = {}): Promise<ReportPaymentResult> {
    call = callOptions('marketplace.reportPayment', call);
    const p = parseInput('marketplace.reportPayment', reportPaymentParamsSchema, params);
    const tz = p.timeZone ?? this.#ctx.timeZone;
    const body = {
      salon_id: p.locationId,
      application_id: this.#ctx.applicationId,
      currency_iso: p.currencyIso,
      payment_sum: p.paymentSum,
      payment_date: toMarketplaceDateTime(p.paymentDate, tz),
      period_from: toMarketplaceDateTime(p.periodFrom, tz),
      period_to: toMarketplaceDateTime(p.periodTo, tz),
    };
    // Same fixed-width format on both sides, so string order is time order.
    if (body.period_to < body.period_from) {
      throw new InvalidInputError('marketplace.reportPayment', [
        { path: ['periodTo'], message: 'The period ends before it starts' },
      ]);
    }
    const send = () =>
      this.#ctx.transport.request({
        method: 'POST',
        signal: call.signal,
        host: 'app',
        path: '/marketplace/partner/payment',
        body,
        writeOnce: true,
        schema: reportPaymentResultSchema,
      });
    if (p.idempotencyKey === undefined || !this.#ctx.ledger) return send();
    // Exactly once per key across instances: claimed before sending, reconciled after an unknown outcome.
    return this.#ctx.ledger.run({
      operation: 'marketplace.reportPayment',
      idempotencyKey: p.idempotencyKey,
      params: JSON.stringify(body),
      path: '/marketplace/partner/payment',
      send,
      reconcile: async () => {
        const found = await this.reconcilePayment(
          {
            ...p,
            paymentDate: body.payment_date,
            periodFrom: body.period_from,
            periodTo: body.period_to,
          },
          call,
        );
        return found ? { found: true, result: { paymentId: found.id } } : { found: false };
      },
    });
  }

  /**
   * Finds out whether a payment whose report ended in `OutcomeUnknownError` reached Altegio: looks it
   * up in the installation's `payments` by location, amount (to the cent) and paid period (`periodFrom`
   * and `periodTo`, both required, so last month's payment of the same amount never matches), and by
   * `paymentDate` when you pass it. Dates are compared as wire strings. The object you passed to
   * `reportPayment` can be passed unchanged.
   *
   * @returns the newest matching payment (refunded ones included), or `null` when none matches or the
   * app is not installed. `null` means: not recorded (yet); wait a little and look again before re-sending.
   * @throws {InvalidInputError} bad `locationId`, sum or date, or no `periodFrom` / `periodTo`.
   * @example
   * ```ts
   * try {
   *   await altegio.marketplace.reportPayment(payment);
   * } catch (error) {
   *   if (!(error instanceof OutcomeUnknownError)) throw error;
   *   const found = await altegio.marketplace.reconcilePayment(payment);
   *   if (found) await db.savePaymentId(found.id);
   * }
   * ```
   */
  async reconcilePayment(
    params: ReconcilePaymentParams,
    call: CallOptions = {},
  ): Promise<InstallationPayment | null> {
    call = callOptions('marketplace.reconcilePayment', call);
    const p = parseInput('marketplace.reconcilePayment', reconcilePaymentParamsSchema, params);
    const found = await this.getInstallation(p.locationId, call);
    const tz = p.timeZone ?? this.#ctx.timeZone;
    const want = {
      periodFrom: toMarketplaceDateTime(p.periodFrom, tz),
      periodTo: toMarketplaceDateTime(p.periodTo, tz),
      paymentDate: p.paymentDate === undefined ? undefined : toMarketplaceDateTime(p.paymentDate, tz),
    };
    let best: InstallationPayment | null = null;
    for (const payment of found?.payments ?? []) {
      const matches =
        Math.round(payment.paymentSum * 100) === Math.round(p.paymentSum * 100) &&
        payment.periodFrom === want.periodFrom &&
        payment.periodTo === want.periodTo &&
        (want.paymentDate === undefined || payment.paymentDate === want.paymentDate);
      if (matches && (best === null || payment.id > best.id)) best = payment;
    }
    return best;
  }

  /**
   * Reports a full refund of a payment (POST app `/marketplace/partner/payment/refund/{payment_id}`).
   * Refunding the current period switches the integration off within about an hour.
   *
   * With `idempotencyKey`, a repeat (from any instance sharing the client's `store`) returns without
   * sending again, as for {@link Marketplace.reportPayment}.
   *
   * @param paymentId the `paymentId` that `reportPayment` returned.
   * @throws {InvalidInputError} a bad `paymentId`; options that are not an object; an `idempotencyKey`
   * that is not 1–200 characters, a `locationId` that is not a positive integer, or a `signal` that is
   * not an `AbortSignal` (nothing sent).
   * @throws {IdempotencyConflictError} the key is in use by another refund, or still in flight (nothing sent).
   * @throws {StoreUnavailableError} with `idempotencyKey`, the store cannot be reached (nothing sent).
   * @throws {OutcomeUnknownError} sent, but the answer was lost; `getInstallation` shows `isRefunded`.
   * @throws {ValidationError} 422: Altegio refused it (unknown or already refunded payment).
   * @example
   * ```ts
   * await altegio.marketplace.refundPayment(1523);
   * ```
   */
  async refundPayment(paymentId: number, options: RefundPaymentOptions & CallOptions = {}): Promise<void> {
    const { signal } = callOptions('marketplace.refundPayment', options);
    const { idempotencyKey, locationId } = parseInput(
      'marketplace.refundPayment',
      refundPaymentOptionsSchema,
      options ?? {},
    );
    const id = parseInput('marketplace.refundPayment', paymentIdSchema, paymentId);
    const refundPath = path`/marketplace/partner/payment/refund/${id}`;
    const send = async () => {
      await this.#ctx.transport.request({
        method: 'POST',
        host: 'app',
        path: refundPath,
        writeOnce: true,
        signal,
      });
      return null;
    };
    if (idempotencyKey === undefined || !this.#ctx.ledger) {
      await send();
      return;
    }
    await this.#ctx.ledger.run({
      operation: 'marketplace.refundPayment',
      idempotencyKey,
      params: JSON.stringify({ payment_id: id }),
      path: refundPath,
      send,
      reconcile: async () => {
        // Without the location there is nothing to read: the repeat reports the unknown outcome again.
        if (locationId === undefined) return { found: 'unknown' };
        const installation = await this.getInstallation(locationId, { signal });
        const payment = installation?.payments.find((item) => item.id === id);
        return payment?.isRefunded ? { found: true, result: null } : { found: false };
      },
    });
  }

  /**
   * Uninstalls your app from a location from your side (POST app
   * `/marketplace/salon/{location_id}/application/{application_id}/uninstall`). Altegio then sends the
   * `uninstall` lifecycle webhook; reinstalling needs a fresh grant by the user.
   *
   * @throws {NotFoundError} 404: the app is not installed in this location.
   * @example
   * ```ts
   * await altegio.marketplace.uninstall(456);
   * ```
   */
  async uninstall(locationId: number, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.uninstall', call);
    const id = parseInput('marketplace.uninstall', locationIdSchema, locationId);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: path`/marketplace/salon/${id}/application/${this.#ctx.applicationId}/uninstall`,
      hints: notInstalledHint,
    });
  }

  /**
   * Lists your app's tariffs and their price options (GET application host
   * `/marketplace/application/{application_id}/tariffs`; see `platform.applicationBaseUrl`).
   *
   * @throws {NotFoundError} 404: Altegio does not know the application id, or the group is served on
   * another host (`platform.applicationBaseUrl`).
   * @example
   * ```ts
   * const tariffs = await altegio.marketplace.listTariffs();
   * ```
   */
  async listTariffs(call: CallOptions = {}): Promise<Tariff[]> {
    call = callOptions('marketplace.listTariffs', call);
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'application',
      path: path`/marketplace/application/${this.#ctx.applicationId}/tariffs`,
      schema: tariffListSchema,
      hints: {
        404: `Application not found: check applicationId (ALTEGIO_APPLICATION_ID), ${applicationHost}`,
      },
    });
  }

  /**
   * Gives locations that pay through Altegio a discount on your app (POST application host
   * `/marketplace/application/add_discount`). `discount` is a percentage; a value outside 0–100 is sent
   * as is and logged as a warning.
   *
   * @throws {InvalidInputError} no location, more than 1000, or a non-finite discount.
   * @throws {NotFoundError} 404: the app is not installed in one of the locations (or the group is
   * served on another host: `platform.applicationBaseUrl`).
   * @example
   * ```ts
   * await altegio.marketplace.addDiscount({ locationIds: [456, 789], discount: 15 });
   * ```
   */
  async addDiscount(params: AddDiscountParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.addDiscount', call);
    const p = parseInput('marketplace.addDiscount', addDiscountParamsSchema, params);
    this.#warnDiscount('marketplace.addDiscount', p.discount);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'application',
      path: '/marketplace/application/add_discount',
      body: { salon_ids: p.locationIds, application_id: this.#ctx.applicationId, discount: p.discount },
      hints: applicationHints,
    });
  }

  /**
   * Creates a link to Altegio's own payment page for your app (GET application host
   * `/marketplace/application/payment_link`). `discount` is a percentage; `tariffOptionId` picks the
   * price option (`tariff_option_id`, an option id of `listTariffs()`).
   *
   * @returns `{ url }`: send the user there; treat the URL as opaque.
   * @throws {NotFoundError} 404: the app is not installed in this location (or the group is served on
   * another host: `platform.applicationBaseUrl`).
   * @example
   * ```ts
   * const { url } = await altegio.marketplace.createPaymentLink({ locationId: 456, tariffOptionId: 123 });
   * ```
   */
  async createPaymentLink(params: PaymentLinkParams, call: CallOptions = {}): Promise<PaymentLink> {
    call = callOptions('marketplace.createPaymentLink', call);
    const p = parseInput('marketplace.createPaymentLink', paymentLinkParamsSchema, params);
    this.#warnDiscount('marketplace.createPaymentLink', p.discount);
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'application',
      path: '/marketplace/application/payment_link',
      query: {
        salon_id: p.locationId,
        application_id: this.#ctx.applicationId,
        discount: p.discount,
        tariff_option_id: p.tariffOptionId,
      },
      schema: paymentLinkSchema,
      hints: applicationHints,
    });
  }

  /**
   * Turns a notification channel of a location on or off for your SMS or chat-bot app (POST
   * application host `/marketplace/application/update_channel`).
   *
   * @throws {InvalidInputError} `channelSlug` is not `sms` or `whatsapp`.
   * @throws {ValidationError} 422: Altegio refused it; see `errors`.
   * @example
   * ```ts
   * await altegio.marketplace.setChannelAvailability({ locationId: 456, channelSlug: 'whatsapp', isAvailable: true });
   * ```
   */
  async setChannelAvailability(params: ChannelAvailabilityParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.setChannelAvailability', call);
    const p = parseInput('marketplace.setChannelAvailability', channelAvailabilityParamsSchema, params);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'application',
      path: '/marketplace/application/update_channel',
      hints: { 404: `Not found: ${applicationHost}` },
      body: {
        salon_id: p.locationId,
        application_id: this.#ctx.applicationId,
        channel_slug: p.channelSlug,
        is_available: p.isAvailable,
      },
    });
  }

  /**
   * Sets the SMS sender names your SMS app offers a location (POST app `/marketplace/partner/short_names`).
   *
   * @throws {InvalidInputError} no name, more than 20, or an empty one.
   * @throws {ValidationError} 422: Altegio refused a name.
   * @example
   * ```ts
   * await altegio.marketplace.setShortNames({ locationId: 456, shortNames: ['MySalon'] });
   * ```
   */
  async setShortNames(params: ShortNamesParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.setShortNames', call);
    const p = parseInput('marketplace.setShortNames', shortNamesParamsSchema, params);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: '/marketplace/partner/short_names',
      body: { salon_id: p.locationId, application_id: this.#ctx.applicationId, short_names: p.shortNames },
    });
  }

  /**
   * Installs your journal sidebar panel in a location whose installation is already active (POST app
   * `/marketplace/application/install_frame`); `chatUrl` on activation reaches only pending ones.
   * A location has one chat slot: installing yours replaces another app's panel, and theirs replaces
   * yours. A 200 does not prove the frame was installed: at the frame limit Altegio still answers
   * success, and no endpoint reads the frames back.
   *
   * @throws {InvalidInputError} bad `locationId`, a `type` other than `chat`, or a non-https `url`.
   * @throws {NotFoundError} 404: the app is not installed in this location.
   * @example
   * ```ts
   * await altegio.marketplace.installFrame({ locationId: 456, type: 'chat', url: 'https://example.com/frame/chat' });
   * ```
   */
  async installFrame(params: InstallFrameParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.installFrame', call);
    const p = parseInput('marketplace.installFrame', installFrameParamsSchema, params);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: '/marketplace/application/install_frame',
      body: { salon_id: p.locationId, application_id: this.#ctx.applicationId, type: p.type, url: p.url },
      hints: notInstalledHint,
    });
  }

  /**
   * Reads a location's entity webhook settings (GET api `/hooks_settings/{location_id}`, Partner+User
   * auth): every URL, other apps' included, and which entities send events.
   *
   * @throws {ConfigurationError} the client has no `userToken` (nothing sent).
   * @throws {InvalidInputError} `locationId` is not a positive integer.
   * @throws {PermissionDeniedError} 403: the user token has no access to this location.
   * @example
   * ```ts
   * const { urls, active } = await altegio.marketplace.getWebhookSettings(456);
   * ```
   */
  async getWebhookSettings(locationId: number, call: CallOptions = {}): Promise<WebhookSettings> {
    call = callOptions('marketplace.getWebhookSettings', call);
    return (await this.#readSettings('marketplace.getWebhookSettings', locationId, call)).settings;
  }

  async #readSettings(operation: string, locationId: number, call: CallOptions) {
    const id = parseInput(operation, locationIdSchema, locationId);
    const read = await this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'api',
      auth: 'partnerUser',
      path: path`/hooks_settings/${id}`,
      schema: webhookSettingsReadSchema,
    });
    return { id, ...read };
  }

  /**
   * Replaces a location's entity webhook settings (POST api `/hooks_settings/{location_id}`,
   * Partner+User auth). Altegio replaces the whole settings of the location, **other apps' URLs
   * included**; a switch you leave out is sent as off. To add or remove only your URLs, use
   * {@link Marketplace.addWebhookUrls} / {@link Marketplace.removeWebhookUrls}.
   *
   * @throws {ConfigurationError} the client has no `userToken` (nothing sent).
   * @throws {InvalidInputError} more than 10 URLs, a URL that is not absolute http(s) (nothing sent).
   * @example
   * ```ts
   * await altegio.marketplace.updateWebhookSettings(456, { urls: ['https://example.com/hooks/456'], active: true, record: true });
   * ```
   */
  async updateWebhookSettings(
    locationId: number,
    settings: WebhookSettingsParams,
    call: CallOptions = {},
  ): Promise<void> {
    call = callOptions('marketplace.updateWebhookSettings', call);
    const id = parseInput('marketplace.updateWebhookSettings', locationIdSchema, locationId);
    await this.#postSettings(
      id,
      parseInput('marketplace.updateWebhookSettings', webhookSettingsParamsSchema, settings),
      call,
    );
  }

  async #postSettings(
    locationId: number,
    p: z.output<typeof webhookSettingsParamsSchema>,
    call: CallOptions,
  ): Promise<void> {
    const body: Record<string, unknown> = { urls: p.urls, active: p.active ? 1 : 0 };
    for (const [key, wire] of Object.entries(webhookEntityFields)) {
      body[wire] = p[key as keyof typeof webhookEntityFields] ? 1 : 0;
    }
    await this.#postSettingsBody(locationId, body, call);
  }

  async #postSettingsBody(locationId: number, body: Record<string, unknown>, call: CallOptions) {
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'api',
      auth: 'partnerUser',
      path: path`/hooks_settings/${locationId}`,
      body,
    });
  }

  /**
   * Adds URLs to a location's entity webhooks without dropping anyone else's: reads the settings,
   * appends the URLs not there yet, and writes the result back with every other field exactly as read
   * (`active`, the entity switches, and any field the SDK does not know; a switch the read did not
   * return is not sent, so it is not switched off; turn switches on with `updateWebhookSettings`). Not
   * atomic: another app writing at the same moment can still lose its change (Altegio has no
   * compare-and-set).
   *
   * @returns the settings as written (unchanged, and nothing written, when every URL was there).
   * @throws {InvalidInputError} no URL, a URL that is not absolute http(s), or the result would exceed
   * Altegio's 10 URLs (checked before writing; nothing written).
   * @throws {ConfigurationError} the client has no `userToken`.
   * @example
   * ```ts
   * await altegio.marketplace.addWebhookUrls(456, ['https://example.com/hooks/456']);
   * ```
   */
  async addWebhookUrls(
    locationId: number,
    urls: readonly string[],
    call: CallOptions = {},
  ): Promise<WebhookSettings> {
    call = callOptions('marketplace.addWebhookUrls', call);
    const add = parseInput('marketplace.addWebhookUrls', webhookUrlListSchema, urls);
    const current = await this.#readSettings('marketplace.addWebhookUrls', locationId, call);
    const have = current.settings.urls;
    const fresh = [...new Set(add)].filter((url) => !have.includes(url));
    if (fresh.length === 0) return current.settings;
    const next = [...have, ...fresh];
    if (next.length > MAX_WEBHOOK_URLS) {
      throw new InvalidInputError('marketplace.addWebhookUrls', [
        {
          path: ['urls'],
          message: `${TOO_MANY_WEBHOOK_URLS}: ${have.length} are set and ${fresh.length} would be added`,
        },
      ]);
    }
    return this.#writeUrls(current, next, call);
  }

  /**
   * Removes URLs from a location's entity webhooks, leaving every other URL and setting as it was
   * (read, filter, write back every other field exactly as read). URLs that are not there are ignored.
   *
   * @returns the settings as written (unchanged, and nothing written, when no URL was there).
   * @throws {InvalidInputError} no URL, or a URL that is not absolute http(s).
   * @throws {ConfigurationError} the client has no `userToken`.
   * @example
   * ```ts
   * await altegio.marketplace.removeWebhookUrls(456, ['https://example.com/hooks/456']);
   * ```
   */
  async removeWebhookUrls(
    locationId: number,
    urls: readonly string[],
    call: CallOptions = {},
  ): Promise<WebhookSettings> {
    call = callOptions('marketplace.removeWebhookUrls', call);
    const remove = new Set(parseInput('marketplace.removeWebhookUrls', webhookUrlListSchema, urls));
    const current = await this.#readSettings('marketplace.removeWebhookUrls', locationId, call);
    const next = current.settings.urls.filter((url) => !remove.has(url));
    if (next.length === current.settings.urls.length) return current.settings;
    return this.#writeUrls(current, next, call);
  }

  // Every field but `urls` goes back exactly as read (other apps' switches, fields the SDK does not
  // know, a switch that was absent stays absent); only `active`, which the POST requires, defaults to 0.
  async #writeUrls(
    current: { id: number; raw: Record<string, unknown>; settings: WebhookSettings },
    urls: string[],
    call: CallOptions,
  ): Promise<WebhookSettings> {
    const body: Record<string, unknown> = { ...current.raw, urls };
    if (body.active === undefined || body.active === null) body.active = 0;
    await this.#postSettingsBody(current.id, body, call);
    return { ...current.settings, urls };
  }
}

function isAlreadyInstalled(error: unknown): boolean {
  return (
    error instanceof PermissionDeniedError &&
    error.apiMessage?.trim().toLowerCase() === ALREADY_INSTALLED.toLowerCase()
  );
}
