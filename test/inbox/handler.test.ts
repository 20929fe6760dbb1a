import { createLifecycleBody, createPaymentBody } from 'altegio-marketplace/testing';
import {
  ConfigurationError,
  createEntityWebhookHandler,
  createLifecycleHandler,
  type InboxDelivery,
  signWebhookUrl,
  type WebhookInbox,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN } from '../helpers';

const URL_BASE = 'https://vendor.example/altegio/callback';
const SECRET = 'webhook-secret-0123456789abcdef';
const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };
const post = (body: string, url = URL_BASE) =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** An inbox that records what it was given, or fails like a Redis that is down. */
function recordingInbox(fail?: () => Error) {
  const stored: InboxDelivery[] = [];
  const inbox: WebhookInbox = {
    async put(delivery) {
      if (fail) throw fail();
      stored.push(delivery);
      return 'stored';
    },
  };
  return { inbox, stored };
}

const lifecycle = (inbox: WebhookInbox) =>
  createLifecycleHandler({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    inbox,
    onError: () => {},
  });

describe('handlers in inbox mode', () => {
  it('stores the verified event and answers 200 without running anything', async () => {
    const { inbox, stored } = recordingInbox();
    const response = await lifecycle(inbox)(post(createLifecycleBody({ ...base, event: 'uninstall' })));
    expect(response.status).toBe(200);
    expect(stored).toEqual([
      {
        kind: 'lifecycle',
        event: { event: 'uninstall', locationId: 55, applicationId: APPLICATION_ID },
        key: `lifecycle:${APPLICATION_ID}:55:uninstall`,
        dedupeMs: 0,
      },
    ]);
  });

  it('gives payments and entity events their dedupe window (seenTtlMs)', async () => {
    const { inbox, stored } = recordingInbox();
    const handler = createLifecycleHandler({ ...base, inbox, seenTtlMs: 5_000 });
    const body = await createPaymentBody({ ...base, paymentId: 9, amount: '100.50' });
    expect((await handler(post(body))).status).toBe(200);
    expect(stored[0]).toMatchObject({
      kind: 'lifecycle',
      dedupeMs: 5_000,
      event: { paymentId: 9, amount: 100.5 },
    });

    const entities = createEntityWebhookHandler({ secret: SECRET, inbox });
    const url = await signWebhookUrl('https://vendor.example/hooks', { locationId: 55, secret: SECRET });
    const entity = JSON.stringify({
      company_id: 55,
      resource: 'client',
      resource_id: 7,
      status: 'create',
      data: { id: 7 },
    });
    expect((await entities(post(entity, url))).status).toBe(200);
    expect(stored[1]).toMatchObject({
      kind: 'entity',
      dedupeMs: 60_000,
      event: { resource: 'client', resourceId: 7 },
    });
  });

  it('answers 503 and stores nothing when the inbox cannot store the event', async () => {
    const { inbox, stored } = recordingInbox(() => new Error(`connect ECONNREFUSED 127.0.0.1:6379`));
    const response = await lifecycle(inbox)(post(createLifecycleBody({ ...base, event: 'freeze' })));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: 'inbox-unavailable' });
    expect(stored).toEqual([]);
  });

  it('answers 503 to identical deliveries that waited for a failed store, too', async () => {
    const { inbox } = recordingInbox(() => new Error('down'));
    const handler = lifecycle(inbox);
    const body = createLifecycleBody({ ...base, event: 'uninstall' });
    const answers = await Promise.all([1, 2, 3].map(() => handler(post(body))));
    expect(answers.map((response) => response.status)).toEqual([503, 503, 503]);
  });

  it('still refuses forged deliveries before touching the inbox', async () => {
    const { inbox, stored } = recordingInbox();
    const forged = createLifecycleBody({ ...base, partnerToken: 'wrong-token', event: 'uninstall' });
    expect((await lifecycle(inbox)(post(forged))).status).toBe(401);
    expect((await lifecycle(inbox)(post('{not json'))).status).toBe(400);
    const badSign = await createPaymentBody({ ...base, paymentId: 1, amount: 10, sign: 'f'.repeat(64) });
    expect((await lifecycle(inbox)(post(badSign))).status).toBe(401);
    expect(stored).toEqual([]);
  });

  it('never hands the partner token to the inbox, even when the body repeats it in other fields', async () => {
    const { inbox, stored } = recordingInbox();
    const body = createLifecycleBody({
      ...base,
      event: 'tariff_changed',
      extra: { echo: PARTNER_TOKEN, nested: { again: PARTNER_TOKEN, list: [PARTNER_TOKEN, 1] }, plan: 'pro' },
    });
    expect((await lifecycle(inbox)(post(body))).status).toBe(200);
    expect(stored).toHaveLength(1);
    expectNoSecrets(JSON.stringify(stored));
    expect(stored[0]?.event).toMatchObject({
      event: 'unknown',
      name: 'tariff_changed',
      fields: { plan: 'pro' },
    });
  });

  it('refuses callbacks next to an inbox, and an entity handler with neither', () => {
    const { inbox } = recordingInbox();
    expect(() => createLifecycleHandler({ ...base, inbox, onUninstall: () => {} })).toThrow(
      ConfigurationError,
    );
    expect(() => createEntityWebhookHandler({ secret: SECRET, inbox, on: () => {} })).toThrow(
      /createWebhookWorker/,
    );
    expect(() => createEntityWebhookHandler({ secret: SECRET })).toThrow(ConfigurationError);
  });
});
