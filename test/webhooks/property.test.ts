import { createLifecycleBody, createPaymentBody } from 'altegio-marketplace/testing';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  signWebhookUrl,
  verifyEntityEvent,
  verifyLifecycleEvent,
  WebhookVerificationError,
} from 'altegio-marketplace/webhooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN } from '../helpers';

const SECRET = 'webhook-secret-0123456789abcdef';
const options = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID };
const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };
const ENTITY_URL = 'https://vendor.example/altegio/webhooks';

/** Resolves to 'ok' or the reason; anything other than a WebhookVerificationError fails the property. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    expectNoSecrets(error.message);
    return error.reason;
  }
}

const post = (body: string | Uint8Array, url = 'https://vendor.example/altegio/callback') =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body as BodyInit,
  });

// A valid body with one top-level field replaced, removed or added.
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.string(), value: fc.jsonValue() }),
  fc.record({
    kind: fc.constant('set' as const),
    key: fc.constantFrom(
      'salon_id',
      'application_id',
      'event',
      'partner_token',
      'amount',
      'discount',
      'sign',
      'payment_id',
    ),
    value: fc.jsonValue(),
  }),
  fc.record({
    kind: fc.constant('drop' as const),
    key: fc.constantFrom('salon_id', 'application_id', 'event', 'partner_token', 'amount', 'sign'),
  }),
);

function mutate(text: string, m: { kind: 'set' | 'drop'; key: string; value?: unknown }): string {
  const body = JSON.parse(text) as Record<string, unknown>;
  if (m.kind === 'drop') delete body[m.key];
  else body[m.key] = m.value;
  return JSON.stringify(body);
}

describe('lifecycle verifier and handler under random input', () => {
  it('never crashes on random bytes or random JSON: a typed refusal or a verified event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array(),
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const result = await outcome(verifyLifecycleEvent(body, options));
          // Nothing random carries our partner token, so nothing random may verify.
          expect(result).not.toBe('ok');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never answers 500 or 2xx to random bodies', async () => {
    const handler = createLifecycleHandler({ ...options, onError: () => {} });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array(), fc.string(), fc.json()), async (body) => {
        const response = await handler(post(body));
        expect([400, 401]).toContain(response.status);
        expectNoSecrets(await response.text());
      }),
      { numRuns: 300 },
    );
  });

  it('accepts no mutation of a signed payment that changes what the sign covers or the token', async () => {
    const valid = await createPaymentBody({ ...base, paymentId: 1, amount: '100.50', discount: 5 });
    const covered = ['salon_id', 'application_id', 'partner_token', 'amount', 'discount', 'sign'];
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const text = mutate(valid, m);
        const result = await outcome(verifyLifecycleEvent(text, options));
        const before = JSON.parse(valid) as Record<string, unknown>;
        const after = JSON.parse(text) as Record<string, unknown>;
        const changed = covered.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
        if (changed && result === 'ok') {
          // The only accepted changes are equal numbers in another spelling (100.50 → 100.5) or a
          // quoted decimal of the same value.
          expect(Number(after.amount)).toBe(100.5);
          expect(Number(after.discount)).toBe(5);
          expect(after.salon_id === 55 || after.salon_id === '55').toBe(true);
          expect(after.partner_token).toBe(PARTNER_TOKEN);
        }
        const response = await createLifecycleHandler({ ...options, onError: () => {} })(post(text));
        expect(response.status).not.toBe(500);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts no forged partner token, whatever its length or content', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (token) => {
        fc.pre(token !== PARTNER_TOKEN);
        const body = createLifecycleBody({ ...base, partnerToken: token, event: 'uninstall' });
        expect(await outcome(verifyLifecycleEvent(body, options))).toBe('invalid-partner-token');
      }),
      { numRuns: 200 },
    );
  });
});

describe('entity verifier and handler under random input', () => {
  it('never crashes on random bodies and URLs, and accepts nothing without the right token', async () => {
    const signed = await signWebhookUrl(ENTITY_URL, { locationId: 7, secret: SECRET });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array(), fc.string(), fc.json()),
        fc.oneof(
          fc.constant(signed),
          fc.webUrl({ withQueryParameters: true }),
          fc.string().map((s) => `${ENTITY_URL}?altegio_location=7&altegio_token=${encodeURIComponent(s)}`),
        ),
        async (body, url) => {
          const result = await outcome(verifyEntityEvent(body, { secret: SECRET, url }));
          if (url !== signed) expect(result).toBe('invalid-url-token');
          else expect(['malformed-body', 'location-mismatch', 'ok']).toContain(result);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never answers 500 to a mutated valid delivery', async () => {
    const url = await signWebhookUrl(ENTITY_URL, { locationId: 7, secret: SECRET });
    const valid = JSON.stringify({
      company_id: 7,
      resource: 'client',
      resource_id: 1,
      status: 'create',
      data: { id: 1, name: 'A' },
    });
    const handler = createEntityWebhookHandler({ secret: SECRET, on: () => {}, onError: () => {} });
    const key = fc.constantFrom('company_id', 'resource', 'resource_id', 'status', 'data');
    await fc.assert(
      fc.asyncProperty(key, fc.jsonValue(), async (k, value) => {
        const body = JSON.parse(valid) as Record<string, unknown>;
        body[k] = value;
        const response = await handler(post(JSON.stringify(body), url));
        expect([200, 400, 401]).toContain(response.status);
        if (k === 'company_id' && response.status === 200) expect(Number(value)).toBe(7);
      }),
      { numRuns: 300 },
    );
  });
});
