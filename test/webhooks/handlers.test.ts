import { createLifecycleBody, createPaymentBody } from 'altegio-marketplace/testing';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  createMemorySeenStore,
  type LifecycleEvent,
  signWebhookUrl,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it, vi } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN } from '../helpers';

const URL_BASE = 'https://vendor.example/altegio/callback';
const SECRET = 'webhook-secret-0123456789abcdef';
const JSON_HEADERS = { 'content-type': 'application/json' };
const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };
const post = (body: BodyInit | null, headers: Record<string, string> = JSON_HEADERS, url = URL_BASE) =>
  new Request(url, { method: 'POST', headers, body });

function lifecycle(extra: Partial<Parameters<typeof createLifecycleHandler>[0]> = {}) {
  const events: LifecycleEvent[] = [];
  const record = (event: LifecycleEvent) => {
    events.push(event);
  };
  const handler = createLifecycleHandler({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    onUninstall: record,
    onFreeze: record,
    onPayment: record,
    onUnknown: record,
    onError: () => {},
    ...extra,
  });
  return { handler, events };
}

async function answer(response: Response) {
  const text = await response.text();
  expectNoSecrets(text);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('createLifecycleHandler', () => {
  it('answers 200 after the callback resolved, with the typed event', async () => {
    let resolved = false;
    const { handler, events } = lifecycle({
      onUninstall: async (event) => {
        await new Promise((r) => setTimeout(r, 20));
        resolved = true;
        events.push(event);
      },
    });
    const response = await handler(post(createLifecycleBody({ ...base, event: 'uninstall' })));
    expect(resolved).toBe(true);
    expect(await answer(response)).toEqual({ status: 200, body: { ok: true } });
    expect(events).toEqual([{ event: 'uninstall', locationId: 55, applicationId: APPLICATION_ID }]);
  });

  it('answers 405 with Allow for other methods', async () => {
    const { handler, events } = lifecycle();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await handler(new Request(URL_BASE, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    expect(events).toEqual([]);
  });

  it('answers 415 to a non-JSON content type and accepts +json and charset', async () => {
    const { handler, events } = lifecycle();
    const body = createLifecycleBody({ ...base, event: 'freeze' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp', '']) {
      expect((await handler(post(body, type ? { 'content-type': type } : {}))).status).toBe(415);
    }
    const ok = await handler(post(body, { 'content-type': 'application/vnd.api.v2+json; charset=UTF-8' }));
    expect(ok.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('answers 400 to malformed JSON and to the wrong shape', async () => {
    const { handler, events } = lifecycle();
    for (const body of ['{', 'null', '[]', '{"salon_id":"x"}', '']) {
      expect(await answer(await handler(post(body)))).toEqual({
        status: 400,
        body: { error: 'malformed-body' },
      });
    }
    expect((await handler(post(new Uint8Array([0x7b, 0xff, 0x7d])))).status).toBe(400);
    expect(events).toEqual([]);
  });

  it('answers 401 to a bad partner token (any length), another application and a bad sign', async () => {
    const { handler, events } = lifecycle();
    const cases = [
      createLifecycleBody({ ...base, partnerToken: 'short', event: 'uninstall' }),
      createLifecycleBody({ ...base, partnerToken: `${PARTNER_TOKEN}-and-more`, event: 'uninstall' }),
      createLifecycleBody({ ...base, applicationId: 999, event: 'uninstall' }),
      await createPaymentBody({ ...base, paymentId: 1, amount: 100, sign: '0'.repeat(64) }),
    ];
    const reasons = [];
    for (const body of cases) {
      const { status, body: json } = await answer(await handler(post(body)));
      expect(status).toBe(401);
      reasons.push(json.error);
    }
    expect(reasons).toEqual([
      'invalid-partner-token',
      'invalid-partner-token',
      'application-mismatch',
      'invalid-sign',
    ]);
    expect(events).toEqual([]);
  });

  it('refuses a 2 MB body with 400 without reading it all', async () => {
    const { handler, events } = lifecycle();
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 2 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(URL_BASE, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await answer(await handler(request))).toEqual({ status: 400, body: { error: 'body-too-large' } });
    expect(pulled).toBeLessThan(256 * 1024);
    // The same with a Content-Length that announces it.
    const big = `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    expect((await handler(post(big))).status).toBe(400);
    expect(events).toEqual([]);
  });

  it('honours maxBodyBytes', async () => {
    const { handler } = lifecycle({ maxBodyBytes: 200 });
    const body = createLifecycleBody({ ...base, event: 'uninstall', extra: { pad: 'x'.repeat(300) } });
    expect((await handler(post(body))).status).toBe(400);
    const { handler: roomy } = lifecycle({ maxBodyBytes: 1000 });
    expect((await roomy(post(body))).status).toBe(200);
  });

  it('answers 500 without the thrown message, and runs the callback again on redelivery', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const { handler } = lifecycle({
      onUninstall: () => {
        calls++;
        if (calls === 1) throw new Error(`database down; token ${PARTNER_TOKEN}`);
      },
      onError: (error) => errors.push(error),
    });
    const body = createLifecycleBody({ ...base, event: 'uninstall' });
    const failed = await handler(post(body));
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).not.toContain('database down');
    expectNoSecrets(text);
    expect(errors).toHaveLength(1);
    expect((await handler(post(body))).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('runs freeze once for concurrent duplicates, but again for a later real repeat', async () => {
    let calls = 0;
    const { handler } = lifecycle({
      onFreeze: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 30));
      },
    });
    const body = createLifecycleBody({ ...base, event: 'freeze' });
    const answers = await Promise.all([handler(post(body)), handler(post(body)), handler(post(body))]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(calls).toBe(1);
    // freeze → payment → freeze: the second freeze is real and must not be swallowed.
    expect(await answer(await handler(post(body)))).toEqual({ status: 200, body: { ok: true } });
    expect(calls).toBe(2);
    await handler(post(createLifecycleBody({ ...base, locationId: 56, event: 'freeze' })));
    expect(calls).toBe(3);
  });

  it('uninstall → reinstall → uninstall within minutes reaches onUninstall twice', async () => {
    const { handler, events } = lifecycle();
    const body = createLifecycleBody({ ...base, event: 'uninstall' });
    expect((await handler(post(body))).status).toBe(200);
    expect((await handler(post(body))).status).toBe(200);
    expect(events).toHaveLength(2);
  });

  it('acknowledges a repeated payment without running the callback again', async () => {
    const { handler, events } = lifecycle();
    const body = await createPaymentBody({ ...base, paymentId: 4, amount: 10 });
    expect(await answer(await handler(post(body)))).toEqual({ status: 200, body: { ok: true } });
    expect(await answer(await handler(post(body)))).toEqual({
      status: 200,
      body: { ok: true, duplicate: true },
    });
    expect(events).toHaveLength(1);
  });

  it('treats payments with different ids as different deliveries', async () => {
    const { handler, events } = lifecycle();
    for (const paymentId of [1, 2, 1]) {
      expect((await handler(post(await createPaymentBody({ ...base, paymentId, amount: 10 })))).status).toBe(
        200,
      );
    }
    expect(events.map((e) => (e.event === 'payment' ? e.paymentId : 0))).toEqual([1, 2]);
  });

  it('forgets a delivery after seenTtlMs, using the pluggable store', async () => {
    let now = 0;
    const seen = createMemorySeenStore({ now: () => now });
    const { handler, events } = lifecycle({ seen, seenTtlMs: 1000 });
    const body = await createPaymentBody({ ...base, paymentId: 7, amount: 10 });
    await handler(post(body));
    now = 999;
    await handler(post(body));
    now = 1001;
    await handler(post(body));
    expect(events).toHaveLength(2);
  });

  it('works with an async store (Redis-like)', async () => {
    const data = new Map<string, number>();
    const seen = {
      has: vi.fn(async (key: string) => data.has(key)),
      add: vi.fn(async (key: string, ttl: number) => {
        data.set(key, ttl);
      }),
    };
    const { handler, events } = lifecycle({ seen });
    const body = await createPaymentBody({ ...base, paymentId: 7, amount: 10 });
    await handler(post(body));
    await handler(post(body));
    expect(events).toHaveLength(1);
    expect(seen.add).toHaveBeenCalledWith(`lifecycle:${APPLICATION_ID}:55:payment:7`, 900_000);
  });

  it('answers 200 to an unknown event and reports it', async () => {
    const { handler, events } = lifecycle();
    const body = createLifecycleBody({ ...base, event: 'reactivate' });
    expect(await answer(await handler(post(body)))).toEqual({ status: 200, body: { ok: true } });
    expect(events).toEqual([
      { event: 'unknown', name: 'reactivate', locationId: 55, applicationId: APPLICATION_ID, fields: {} },
    ]);
  });

  it('warns about an unknown event by default, without the token', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const handler = createLifecycleHandler({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    expect((await handler(post(createLifecycleBody({ ...base, event: 'reactivate' })))).status).toBe(200);
    expect(warn).toHaveBeenCalledOnce();
    expectNoSecrets(String(warn.mock.calls[0]));
    warn.mockRestore();
  });

  it('acknowledges an event that has no callback', async () => {
    const handler = createLifecycleHandler({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    expect((await handler(post(createLifecycleBody({ ...base, event: 'uninstall' })))).status).toBe(200);
  });

  it('refuses to be created without a partner token', () => {
    expect(() => createLifecycleHandler({ partnerToken: '', applicationId: APPLICATION_ID })).toThrow(
      /partnerToken/,
    );
  });
});

describe('createEntityWebhookHandler', () => {
  const body = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      company_id: 123456,
      resource: 'client',
      resource_id: 401,
      status: 'create',
      data: { id: 401, name: 'Jane', phone: '+1234567890', visits: 5 },
      ...extra,
    });

  function entities() {
    const events: unknown[] = [];
    const handler = createEntityWebhookHandler({
      secret: SECRET,
      on: (event) => void events.push(event),
      onError: () => {},
    });
    return { handler, events };
  }

  it('accepts a delivery to the signed URL of its location and types it', async () => {
    const { handler, events } = entities();
    const url = await signWebhookUrl('https://vendor.example/altegio/webhooks', {
      locationId: 123456,
      secret: SECRET,
    });
    expect(await answer(await handler(post(body(), JSON_HEADERS, url)))).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(events).toEqual([
      {
        locationId: 123456,
        resource: 'client',
        resourceId: 401,
        status: 'create',
        data: { id: 401, name: 'Jane', phone: '+1234567890', visits: 5 },
      },
    ]);
  });

  it('answers 401 without a token, with a wrong token, and for another location', async () => {
    const { handler, events } = entities();
    const other = await signWebhookUrl('https://vendor.example/altegio/webhooks', {
      locationId: 999,
      secret: SECRET,
    });
    const otherSecret = await signWebhookUrl('https://vendor.example/altegio/webhooks', {
      locationId: 123456,
      secret: 'another-secret-0123456789',
    });
    const cases: [string, string][] = [
      ['https://vendor.example/altegio/webhooks', 'invalid-url-token'],
      [otherSecret, 'invalid-url-token'],
      [other.replace(/altegio_location=999/, 'altegio_location=123456'), 'invalid-url-token'],
      [other, 'location-mismatch'],
    ];
    for (const [url, reason] of cases) {
      expect(await answer(await handler(post(body(), JSON_HEADERS, url)))).toEqual({
        status: 401,
        body: { error: reason },
      });
    }
    expect(events).toEqual([]);
  });

  it('dedupes identical deliveries but not changed data', async () => {
    const { handler, events } = entities();
    const url = await signWebhookUrl('https://vendor.example/w', { locationId: 123456, secret: SECRET });
    await handler(post(body(), JSON_HEADERS, url));
    await handler(post(body(), JSON_HEADERS, url));
    await handler(post(body({ status: 'update' }), JSON_HEADERS, url));
    await handler(post(body({ data: { id: 401, name: 'Jane B' } }), JSON_HEADERS, url));
    expect(events).toHaveLength(3);
  });

  it('maps salon and company to location, accepts unknown resources and [] data', async () => {
    const { handler, events } = entities();
    const url = await signWebhookUrl('https://vendor.example/w', { locationId: 123456, secret: SECRET });
    await handler(post(body({ resource: 'salon', data: { id: 123456, title: 'Main' } }), JSON_HEADERS, url));
    await handler(post(body({ resource: 'company', data: [] }), JSON_HEADERS, url));
    await handler(post(body({ resource: 'schedule', data: [] }), JSON_HEADERS, url));
    await handler(post(body({ resource: 'telepathy', data: { x: 1 } }), JSON_HEADERS, url));
    expect(events).toMatchObject([
      { resource: 'location', data: { id: 123456, title: 'Main' } },
      { resource: 'location', data: {} },
      { resource: 'schedule', data: {} },
      { resource: 'unknown', name: 'telepathy', data: { x: 1 } },
    ]);
  });

  it('answers 400 to a wrong shape and 500 when the callback throws', async () => {
    const url = await signWebhookUrl('https://vendor.example/w', { locationId: 123456, secret: SECRET });
    const { handler } = entities();
    expect((await handler(post(body({ status: 'archive' }), JSON_HEADERS, url))).status).toBe(400);
    expect((await handler(post(body({ data: { id: 'x1' } }), JSON_HEADERS, url))).status).toBe(400);
    const failing = createEntityWebhookHandler({
      secret: SECRET,
      on: () => {
        throw new Error('secret internals');
      },
      onError: () => {},
    });
    const response = await failing(post(body(), JSON_HEADERS, url));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret internals');
  });

  it('refuses a short secret', () => {
    expect(() => createEntityWebhookHandler({ secret: 'short', on: () => {} })).toThrow(/secret/);
  });
});
