// The payment ledger's rules, run on any store: in-process instances are separate clients (each with
// its own store object, over one shared backend), so a rule that holds here holds across processes.
import { createAltegioClient, type ReportPaymentParams } from 'altegio-marketplace';
import { createFakeAltegio, type FakeAltegio, type FakeAltegioServer } from 'altegio-marketplace/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IdempotencyConflictError } from '../../src/errors/idempotency-conflict-error';
import { OutcomeUnknownError } from '../../src/errors/outcome-unknown-error';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { ValidationError } from '../../src/errors/validation-error';
import type { LedgerOptions } from '../../src/store/ledger';
import type { Store } from '../../src/store/store';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';

export const LOCATION = 456;
let serial = 0;

/** A payment with its own period, so no two tests' payments reconcile with each other. */
export function payment(extra: Partial<ReportPaymentParams> = {}): ReportPaymentParams {
  const day = String((serial++ % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(serial / 28) % 12) + 1).padStart(2, '0');
  return {
    locationId: LOCATION,
    currencyIso: 'USD',
    paymentSum: 10 + serial,
    paymentDate: `2026-${month}-${day} 10:00:00`,
    periodFrom: `2026-${month}-${day} 00:00:00`,
    periodTo: `2026-${month}-${day} 23:59:59`,
    idempotencyKey: `payment-${serial}-${Math.random()}`,
    ...extra,
  };
}

const fast: LedgerOptions = { waitMs: 2_000, claimMs: 300, settleMs: 50 };

/** A store link that can be cut, as when an instance loses Redis or its process is killed. */
function cuttable(inner: Store): { store: Store; cut(): void } {
  let dead = false;
  const store = Object.fromEntries(
    (['setIfAbsent', 'get', 'compareAndSet', 'delete', 'limit'] as const).map((name) => [
      name,
      (...args: unknown[]) =>
        dead
          ? Promise.reject(new Error('link down'))
          : (inner[name] as (...a: unknown[]) => Promise<unknown>)(...args),
    ]),
  ) as unknown as Store;
  return {
    store,
    cut: () => {
      dead = true;
    },
  };
}

/** Registers the ledger tests; `instanceStore()` gives a new instance's view of the shared store. */
export function ledgerSuite(instanceStore: () => Store): void {
  let fake: FakeAltegio;
  let server: FakeAltegioServer;
  beforeEach(async () => {
    fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      rateLimit: false,
    });
    fake.addInstallation({ locationId: LOCATION });
    server = await fake.listen();
  });
  afterEach(() => server.close());

  const instance = (
    ledger: LedgerOptions = fast,
    store: Store = instanceStore(),
    fetch: typeof globalThis.fetch | undefined = undefined,
  ) =>
    createAltegioClient({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      platform: server.platform,
      rateLimit: false,
      retry: 0,
      timeout: 1_000,
      env: {},
      store,
      ledger,
      fetch,
    });
  const sent = () => fake.requests.filter((r) => r.method === 'POST' && r.path.includes('/payment')).length;

  it('a repeat with the same key, from another instance, returns the first result and sends nothing', async () => {
    const p = payment();
    const first = await instance().marketplace.reportPayment(p);
    const again = await instance().marketplace.reportPayment(p);
    expect(again).toEqual(first);
    expect(fake.payments(LOCATION)).toHaveLength(1);
    expect(sent()).toBe(1);
  });

  it('the same key with different parameters is an IdempotencyConflictError and sends nothing', async () => {
    const p = payment();
    await instance().marketplace.reportPayment(p);
    const error = await instance()
      .marketplace.reportPayment({ ...p, paymentSum: 999 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect((error as IdempotencyConflictError).reason).toBe('different-params');
    expect(sent()).toBe(1);
  });

  it('two instances racing on one key: one payment, both get its id', async () => {
    fake.failNext(1, { delayMs: 200 }, { path: '/marketplace/partner/payment' });
    const p = payment();
    const results = await Promise.all(
      [instance(), instance(), instance()].map((c) => c.marketplace.reportPayment(p)),
    );
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(fake.payments(LOCATION)).toHaveLength(1);
  });

  it('a repeat that outwaits waitMs while the first is in flight gets a typed in-flight conflict', async () => {
    fake.failNext(1, { delayMs: 600 }, { path: '/marketplace/partner/payment' });
    const p = payment();
    const first = instance().marketplace.reportPayment(p);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await instance({ ...fast, waitMs: 100 })
      .marketplace.reportPayment(p)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect((error as IdempotencyConflictError).reason).toBe('in-flight');
    await first;
    expect(fake.payments(LOCATION)).toHaveLength(1);
  });

  it('after OutcomeUnknownError (recorded at Altegio), the next call reconciles and does not resend', async () => {
    fake.failNext(1, { drop: 'after' }, { path: '/marketplace/partner/payment' });
    const p = payment();
    await expect(instance().marketplace.reportPayment(p)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(fake.payments(LOCATION)).toHaveLength(1);
    const { paymentId } = await instance().marketplace.reportPayment(p);
    expect(paymentId).toBe(fake.payments(LOCATION)[0]?.id);
    expect(sent()).toBe(1);
  });

  it('after OutcomeUnknownError (not recorded), the next call waits settleMs, proves it, and sends once', async () => {
    fake.failNext(1, { drop: true }, { path: '/marketplace/partner/payment' });
    const p = payment();
    await expect(instance().marketplace.reportPayment(p)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(fake.payments(LOCATION)).toHaveLength(0);
    const started = Date.now();
    const { paymentId } = await instance({ ...fast, settleMs: 300 }).marketplace.reportPayment(p);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(fake.payments(LOCATION).map((x) => x.id)).toEqual([paymentId]);
    // And the key now holds the result for good.
    expect(await instance().marketplace.reportPayment(p)).toEqual({ paymentId });
  });

  it('a definite refusal frees the key: the retry with the same key sends', async () => {
    fake.failNext(
      1,
      { status: 422, message: 'Wrong parameters given' },
      { path: '/marketplace/partner/payment' },
    );
    const p = payment();
    await expect(instance().marketplace.reportPayment(p)).rejects.toBeInstanceOf(ValidationError);
    await expect(instance().marketplace.reportPayment(p)).resolves.toHaveProperty('paymentId');
    expect(fake.payments(LOCATION)).toHaveLength(1);
  });

  it('an instance that died holding a claim: the next call reconciles after claimMs + settleMs', async () => {
    const p = payment();
    // A client whose request never leaves and whose store link then dies, as when its process is
    // killed: its claim stays in the store and is no longer refreshed.
    const link = cuttable(instanceStore());
    const hung = instance(fast, link.store, () => new Promise<Response>(() => {}));
    void hung.marketplace.reportPayment(p).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    link.cut();
    const { paymentId } = await instance().marketplace.reportPayment(p);
    expect(fake.payments(LOCATION).map((x) => x.id)).toEqual([paymentId]);
  });

  for (const cutAt of [30, 150]) {
    it(`an instance cut off from the store ${cutAt < 100 ? 'before' : 'after'} its first refresh sends nothing once another instance may take its claim over`, async () => {
      const p = payment();
      // Its store link dies (claimMs is 300: a refresh every 100 ms); its own request would leave 400 ms
      // later (a stalled process, a slow proxy), after the claim went stale and another instance
      // reconciled and sent.
      const link = cuttable(instanceStore());
      const late = instance(fast, link.store, async (input, init) => {
        await new Promise((resolve) => setTimeout(resolve, cutAt + 400));
        return fetch(input, init);
      });
      const first = late.marketplace.reportPayment(p);
      const outcome = first.then(
        () => 'sent',
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, cutAt));
      link.cut();
      const { paymentId } = await instance().marketplace.reportPayment(p);
      // Fenced two thirds of claimMs after its last confirmed claim, while its request was held back:
      // it fails (an unknown outcome, since the transport had handed the request on), and nothing left.
      expect(await outcome).toBeInstanceOf(OutcomeUnknownError);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fake.payments(LOCATION).map((x) => x.id)).toEqual([paymentId]);
      expect(sent()).toBe(1);
    });
  }

  it('refundPayment with a key refunds once; an unknown refund reconciles through locationId', async () => {
    const { paymentId } = await instance().marketplace.reportPayment(payment());
    const key = `refund-${paymentId}-${Math.random()}`;
    fake.failNext(1, { drop: 'after' }, { path: /refund/ });
    await expect(
      instance().marketplace.refundPayment(paymentId, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(OutcomeUnknownError);
    // Without the location the ledger cannot look: the unknown outcome is reported again, nothing sent.
    await expect(
      instance().marketplace.refundPayment(paymentId, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(OutcomeUnknownError);
    await instance().marketplace.refundPayment(paymentId, { idempotencyKey: key, locationId: LOCATION });
    await instance().marketplace.refundPayment(paymentId, { idempotencyKey: key });
    expect(fake.requests.filter((r) => r.path.includes('/refund/'))).toHaveLength(1);
    expect(fake.payments(LOCATION)[0]?.isRefunded).toBe(true);
  });

  it('store unreachable: a call with a key fails closed with StoreUnavailableError, nothing sent', async () => {
    const down: Store = {
      setIfAbsent: () => Promise.reject(new Error('ECONNREFUSED')),
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      compareAndSet: () => Promise.reject(new Error('ECONNREFUSED')),
      delete: () => Promise.reject(new Error('ECONNREFUSED')),
      limit: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const error = await instance(fast, down)
      .marketplace.reportPayment(payment())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(sent()).toBe(0);
  });
}
