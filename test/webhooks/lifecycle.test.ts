import { createLifecycleBody, createPaymentBody, createPaymentSign } from 'altegio-marketplace/testing';
import {
  ConfigurationError,
  verifyLifecycleEvent,
  WebhookVerificationError,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN, expectNoSecrets } from '../helpers';

const options = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID };
const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expectNoSecrets(String((error as Error).message));
  return (error as WebhookVerificationError).reason;
}

describe('verifyLifecycleEvent', () => {
  it('returns a camelCase uninstall event without the partner token', async () => {
    const event = await verifyLifecycleEvent(createLifecycleBody({ ...base, event: 'uninstall' }), options);
    expect(event).toEqual({ event: 'uninstall', locationId: 55, applicationId: APPLICATION_ID });
    expectNoSecrets(JSON.stringify(event));
  });

  it('accepts text, bytes and a pre-parsed object alike', async () => {
    const text = createLifecycleBody({ ...base, event: 'freeze' });
    const expected = { event: 'freeze', locationId: 55, applicationId: APPLICATION_ID };
    expect(await verifyLifecycleEvent(new TextEncoder().encode(text), options)).toEqual(expected);
    expect(await verifyLifecycleEvent(JSON.parse(text), options)).toEqual(expected);
  });

  it('accepts digit-string ids, as older Altegio answers quote them', async () => {
    const body = {
      salon_id: '55',
      application_id: String(APPLICATION_ID),
      event: 'uninstall',
      partner_token: PARTNER_TOKEN,
    };
    expect(await verifyLifecycleEvent(body, options)).toMatchObject({
      locationId: 55,
      applicationId: APPLICATION_ID,
    });
  });

  it('refuses a wrong partner token, also one of another length, without throwing a RangeError', async () => {
    for (const token of ['x', `${PARTNER_TOKEN}x`, PARTNER_TOKEN.slice(0, -1), '', 'ü'.repeat(30)]) {
      const body = createLifecycleBody({ ...base, partnerToken: token, event: 'uninstall' });
      expect(await reason(verifyLifecycleEvent(body, options))).toBe('invalid-partner-token');
    }
  });

  it('refuses another application', async () => {
    const body = createLifecycleBody({ ...base, applicationId: APPLICATION_ID + 1, event: 'uninstall' });
    expect(await reason(verifyLifecycleEvent(body, options))).toBe('application-mismatch');
  });

  it('refuses malformed bodies with malformed-body', async () => {
    const bad: unknown[] = [
      '',
      'not json',
      '[]',
      '{"salon_id":1}',
      'null',
      '42',
      new Uint8Array([0xff, 0xfe]),
    ];
    for (const body of bad) {
      expect(await reason(verifyLifecycleEvent(body as string, options))).toBe('malformed-body');
    }
    const wrongType = {
      salon_id: 'abc',
      application_id: APPLICATION_ID,
      event: 'uninstall',
      partner_token: PARTNER_TOKEN,
    };
    expect(await reason(verifyLifecycleEvent(wrongType, options))).toBe('malformed-body');
  });

  it('returns an unknown event as a typed value, verified like the rest', async () => {
    const body = createLifecycleBody({ ...base, event: 'reactivate', extra: { foo: 1 } });
    const event = await verifyLifecycleEvent(body, options);
    expect(event).toEqual({
      event: 'unknown',
      name: 'reactivate',
      locationId: 55,
      applicationId: APPLICATION_ID,
      fields: { foo: 1 },
    });
    expectNoSecrets(JSON.stringify(event));
    const forged = createLifecycleBody({ ...base, partnerToken: 'forged-token-000', event: 'reactivate' });
    expect(await reason(verifyLifecycleEvent(forged, options))).toBe('invalid-partner-token');
  });

  it('throws ConfigurationError for an empty partner token, so an empty partner_token cannot match', async () => {
    const body = createLifecycleBody({ ...base, partnerToken: '', event: 'uninstall' });
    await expect(
      verifyLifecycleEvent(body, { partnerToken: '', applicationId: APPLICATION_ID }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('payment sign', () => {
  const payment = { ...base, paymentId: 9 };

  it('accepts a valid sign and returns the payment fields', async () => {
    const body = await createPaymentBody({ ...payment, amount: 100, discount: null, tariffOptionId: 3 });
    expect(await verifyLifecycleEvent(body, options)).toEqual({
      event: 'payment',
      locationId: 55,
      applicationId: APPLICATION_ID,
      paymentId: 9,
      amount: 100,
      currencyIso: 'USD',
      discount: null,
      periodFrom: '2026-01-01 00:00:00',
      periodTo: '2026-02-01 00:00:00',
      paymentDate: '2026-01-01 00:00:00',
      tariffOptionId: 3,
    });
  });

  it('refuses a wrong sign, a sign by another key and a sign over other values', async () => {
    const wrong = await createPaymentBody({ ...payment, amount: 100, sign: 'a'.repeat(64) });
    expect(await reason(verifyLifecycleEvent(wrong, options))).toBe('invalid-sign');
    const short = await createPaymentBody({ ...payment, amount: 100, sign: 'abc' });
    expect(await reason(verifyLifecycleEvent(short, options))).toBe('invalid-sign');
    const otherKey = await createPaymentSign({
      partnerToken: 'another-partner',
      locationId: 55,
      amount: 100,
    });
    const byOther = await createPaymentBody({ ...payment, amount: 100, sign: otherKey });
    expect(await reason(verifyLifecycleEvent(byOther, options))).toBe('invalid-sign');
    const cheaper = await createPaymentSign({ partnerToken: PARTNER_TOKEN, locationId: 55, amount: 1 });
    const replayed = await createPaymentBody({ ...payment, amount: 100, sign: cheaper });
    expect(await reason(verifyLifecycleEvent(replayed, options))).toBe('invalid-sign');
  });

  it('puts discount into the message only when it is set', async () => {
    const withDiscount = await createPaymentBody({ ...payment, amount: 90, discount: 10 });
    expect(await verifyLifecycleEvent(withDiscount, options)).toMatchObject({ amount: 90, discount: 10 });
    // A sign computed without the discount does not cover a body that has one, and the reverse.
    const noDiscountSign = await createPaymentSign({
      partnerToken: PARTNER_TOKEN,
      locationId: 55,
      amount: 90,
    });
    const mixed = await createPaymentBody({ ...payment, amount: 90, discount: 10, sign: noDiscountSign });
    expect(await reason(verifyLifecycleEvent(mixed, options))).toBe('invalid-sign');
    const withSign = await createPaymentSign({
      partnerToken: PARTNER_TOKEN,
      locationId: 55,
      amount: 90,
      discount: 10,
    });
    const nulled = await createPaymentBody({ ...payment, amount: 90, discount: null, sign: withSign });
    expect(await reason(verifyLifecycleEvent(nulled, options))).toBe('invalid-sign');
  });

  it('signs the number as written: integer and decimal amounts (cross-language vectors)', async () => {
    for (const amount of ['100', '100.5', '100.50', '99.99', '0.1']) {
      const body = await createPaymentBody({ ...payment, amount, discount: '5.00' });
      const event = await verifyLifecycleEvent(body, options);
      expect(event).toMatchObject({ amount: Number(amount), discount: 5 });
    }
  });

  it('verifies "100.50" as sent (PHP-style), which String(100.5) would not reproduce', async () => {
    const sign = await createPaymentSign({
      partnerToken: PARTNER_TOKEN,
      locationId: 55,
      amount: '100.50',
      signAs: 'text',
    });
    expect(sign).not.toBe(
      await createPaymentSign({ partnerToken: PARTNER_TOKEN, locationId: 55, amount: 100.5 }),
    );
    const raw = await createPaymentBody({ ...payment, amount: '100.50', sign });
    expect(raw).toContain('"amount":100.50');
    expect(await verifyLifecycleEvent(raw, options)).toMatchObject({ amount: 100.5 });
    // Once parsed, the trailing zero is gone; the raw text is what carries it.
    expect(await reason(verifyLifecycleEvent(JSON.parse(raw), options))).toBe('invalid-sign');
  });

  it('accepts a JS-style sign over String(n) too, which is what a pre-parsed body can reproduce', async () => {
    const body = await createPaymentBody({ ...payment, amount: 100.5, discount: 2.5 });
    expect(await verifyLifecycleEvent(JSON.parse(body), options)).toMatchObject({
      amount: 100.5,
      discount: 2.5,
    });
  });

  it('accepts amounts Altegio quotes as strings and signs them as quoted', async () => {
    const sign = await createPaymentSign({
      partnerToken: PARTNER_TOKEN,
      locationId: 55,
      amount: '100.00',
      signAs: 'text',
    });
    const body = JSON.parse(await createPaymentBody({ ...payment, amount: 100, sign }));
    body.amount = '100.00';
    expect(await verifyLifecycleEvent(JSON.stringify(body), options)).toMatchObject({ amount: 100 });
  });

  it('matches an HMAC computed with node:crypto (independent implementation)', async () => {
    const { createHmac } = await import('node:crypto');
    for (const [amount, discount, message] of [
      ['100.50', null, 'salon_id=55&amount=100.50'],
      ['100', '10', 'salon_id=55&amount=100&discount=10'],
    ] as const) {
      const expected = createHmac('sha256', PARTNER_TOKEN).update(message).digest('hex');
      expect(
        await createPaymentSign({
          partnerToken: PARTNER_TOKEN,
          locationId: 55,
          amount,
          discount,
          signAs: 'text',
        }),
      ).toBe(expected);
    }
  });

  it("signs what Altegio's back end sends by default: the number's own text (amount=100.5)", async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', PARTNER_TOKEN)
      .update('salon_id=55&amount=100.5&discount=10')
      .digest('hex');
    expect(
      await createPaymentSign({
        partnerToken: PARTNER_TOKEN,
        locationId: 55,
        amount: '100.50',
        discount: '10.0',
      }),
    ).toBe(expected);
    // The body keeps the text as given; the verifier accepts it, parsed or raw.
    const raw = await createPaymentBody({ ...payment, amount: '100.50' });
    expect(raw).toContain('"amount":100.50');
    expect(await verifyLifecycleEvent(raw, options)).toMatchObject({ amount: 100.5 });
    expect(await verifyLifecycleEvent(JSON.parse(raw), options)).toMatchObject({ amount: 100.5 });
  });
});
