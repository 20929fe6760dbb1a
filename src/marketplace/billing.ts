import { toMarketplaceDateTime } from '../core/dates';
import { path } from '../core/path';
import { loadSchemas } from '../load-schemas';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { RefundPaymentOptions } from '../store/ledger';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import type {
  InstallationPayment,
  ReconcilePaymentParams,
  ReportPaymentParams,
  ReportPaymentResult,
} from './schemas';
import { MarketplaceActivation } from './activation';

/** The caller's signal and the ledger's fence (see `PaymentLedger`), as one signal. */
function withFence(signal: AbortSignal | undefined, fence: AbortSignal | undefined): AbortSignal | undefined {
  if (!fence) return signal;
  return signal ? AbortSignal.any([signal, fence]) : fence;
}

/**
 * @internal A part of {@link Marketplace}. Billing: reporting, reconciling and refunding the payments you
 * take.
 * `altegio.marketplace` is one object with the methods of every part.
 */
export class MarketplaceBilling extends MarketplaceActivation {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    super(ctx);
    this.#ctx = ctx;
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
    const { parseInput, reportPaymentParamsSchema, reportPaymentResultSchema } = await loadSchemas();
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
    const send = (fence?: AbortSignal) =>
      this.#ctx.transport.request({
        method: 'POST',
        signal: withFence(call.signal, fence),
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
    const { parseInput, reconcilePaymentParamsSchema } = await loadSchemas();
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
    const { parseInput, refundPaymentOptionsSchema, paymentIdSchema } = await loadSchemas();
    const { idempotencyKey, locationId } = parseInput(
      'marketplace.refundPayment',
      refundPaymentOptionsSchema,
      options ?? {},
    );
    const id = parseInput('marketplace.refundPayment', paymentIdSchema, paymentId);
    const refundPath = path`/marketplace/partner/payment/refund/${id}`;
    const send = async (fence?: AbortSignal) => {
      await this.#ctx.transport.request({
        method: 'POST',
        host: 'app',
        path: refundPath,
        writeOnce: true,
        signal: withFence(signal, fence),
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
}
