import { inspect } from 'node:util';
import {
  ConfigurationError,
  createAltegioClient,
  createMemoryStore,
  IdempotencyConflictError,
} from 'altegio-marketplace';
import { createEntityWebhookHandler, createLifecycleHandler } from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN } from '../helpers';

const client = (extra: object) =>
  createAltegioClient({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, env: {}, ...extra });

describe('store and ledger options', () => {
  it('refuses a store that is not a Store, on the client and on both handlers', () => {
    for (const store of ['redis://localhost', {}, { get() {} }, 5]) {
      expect(() => client({ store })).toThrow(ConfigurationError);
      expect(() =>
        createLifecycleHandler({
          partnerToken: PARTNER_TOKEN,
          applicationId: APPLICATION_ID,
          store: store as never,
        }),
      ).toThrow(/store/);
      expect(() =>
        createEntityWebhookHandler({ secret: 'x'.repeat(32), on() {}, store: store as never }),
      ).toThrow(ConfigurationError);
    }
    expect(() => client({ store: createMemoryStore() })).not.toThrow();
  });

  it('refuses bad ledger timings, naming the option', () => {
    for (const ledger of [
      { waitMs: -1 },
      { claimMs: 1.5 },
      { settleMs: Number.NaN },
      { retainMs: 'forever' },
      7,
    ]) {
      const error = (() => {
        try {
          client({ ledger });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toMatch(/^ledger/);
    }
    expect(() => client({ ledger: { retainMs: Number.POSITIVE_INFINITY } })).not.toThrow();
  });

  it('an idempotency key outside 1–200 characters is InvalidInputError, nothing sent', async () => {
    const altegio = client({ fetch: () => Promise.reject(new Error('must not send')) });
    const payment = {
      locationId: 1,
      currencyIso: 'USD',
      paymentSum: 1,
      paymentDate: '2026-01-01 00:00:00',
      periodFrom: '2026-01-01 00:00:00',
      periodTo: '2026-01-31 00:00:00',
    };
    for (const idempotencyKey of ['', 'k'.repeat(201)]) {
      await expect(altegio.marketplace.reportPayment({ ...payment, idempotencyKey })).rejects.toThrow(
        /idempotencyKey/,
      );
    }
    await expect(altegio.marketplace.refundPayment(1, { idempotencyKey: '' })).rejects.toThrow(
      /idempotencyKey/,
    );
  });

  it('the ledger errors carry no token', () => {
    const error = new IdempotencyConflictError('marketplace.reportPayment', 'different-params');
    expectNoSecrets(`${error.message}\n${inspect(error)}`);
  });
});
