import { createLifecycleBody, createPaymentBody } from 'altegio-marketplace/testing';
import {
  ConfigurationError,
  createEntityWebhookHandler,
  createLifecycleHandler,
  createMemorySeenStore,
  type EntityEvent,
  signWebhookUrl,
  verifyEntityEvent,
  verifyLifecycleEvent,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';

const SECRET = 'webhook-secret-0123456789abcdef';
const JSON_HEADERS = { 'content-type': 'application/json' };
const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };
const post = (body: BodyInit, url = 'https://vendor.example/altegio/callback') =>
  new Request(url, { method: 'POST', headers: JSON_HEADERS, body });
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

async function entityUrl(locationId = 5) {
  return signWebhookUrl('https://vendor.example/altegio/webhooks', { locationId, secret: SECRET });
}

describe('the handler core never rejects', () => {
  it('answers 400 to JSON nested too deeply to hash, after authentication (lifecycle and entity)', async () => {
    const errors: unknown[] = [];
    const lifecycle = createLifecycleHandler({
      ...base,
      onUnknown: () => {},
      onError: (e) => errors.push(e),
    });
    const body = `{"salon_id":55,"application_id":${APPLICATION_ID},"event":"x","partner_token":"${PARTNER_TOKEN}","d":${deep(20_000)}}`;
    const answer = await lifecycle(post(body));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'malformed-body' });

    const entities = createEntityWebhookHandler({ secret: SECRET, on: () => {}, maxBodyBytes: 100_000 });
    const entity = `{"company_id":5,"resource":"good","resource_id":1,"status":"create","data":${deep(20_000)}}`;
    const response = await entities(post(entity, await entityUrl()));
    expect(response.status).toBe(400);
    expect(errors).toEqual([]);
  });

  it('sends an unexpected failure to onError and answers 500 {"error":"internal"}', async () => {
    const errors: unknown[] = [];
    const entities = createEntityWebhookHandler({
      secret: SECRET,
      on: () => {},
      onError: (e) => errors.push(e),
    });
    const real = post('{}');
    // A request object whose url getter blows up: nothing the SDK expects.
    const hostile = new Proxy(real, {
      get(target, name) {
        if (name === 'url') throw new Error('boom');
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const response = await entities(hostile);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal' });
    expect(errors).toHaveLength(1);
  });

  it('still answers when onError itself throws', async () => {
    const lifecycle = createLifecycleHandler({
      ...base,
      onUninstall: () => {
        throw new Error('callback');
      },
      onError: () => {
        throw new Error('logger down');
      },
    });
    const response = await lifecycle(post(createLifecycleBody({ ...base, event: 'uninstall' })));
    expect(response.status).toBe(500);
  });

  it('answers 200 and reports to onError when the seen store fails after the callback succeeded', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const lifecycle = createLifecycleHandler({
      ...base,
      onPayment: () => void calls++,
      onError: (e) => errors.push(e),
      seen: {
        has: () => false,
        add: () => {
          throw new Error('redis down');
        },
      },
    });
    const response = await lifecycle(post(await createPaymentBody({ ...base, paymentId: 1, amount: 5 })));
    expect(response.status).toBe(200);
    expect(calls).toBe(1);
    expect(errors).toMatchObject([{ message: 'redis down' }]);
  });
});

describe('numeric options are validated once', () => {
  it.each([
    ['maxBodyBytes', { maxBodyBytes: Number.NaN }],
    ['maxBodyBytes', { maxBodyBytes: 0 }],
    ['maxBodyBytes', { maxBodyBytes: 1.5 }],
    ['seenTtlMs', { seenTtlMs: Number.NaN }],
    ['seenTtlMs', { seenTtlMs: -1 }],
    ['seenTtlMs', { seenTtlMs: Number.POSITIVE_INFINITY }],
  ])('%s %o throws ConfigurationError from both handlers', (option, extra) => {
    for (const create of [
      () => createLifecycleHandler({ ...base, ...extra }),
      () => createEntityWebhookHandler({ secret: SECRET, on: () => {}, ...extra }),
    ]) {
      expect(create).toThrow(ConfigurationError);
      try {
        create();
      } catch (error) {
        expect((error as ConfigurationError).option).toBe(option);
      }
    }
  });

  it('maxKeys must be a positive integer', () => {
    for (const maxKeys of [Number.NaN, 0, -5, 2.5]) {
      expect(() => createMemorySeenStore({ maxKeys })).toThrow(ConfigurationError);
    }
    const store = createMemorySeenStore({ maxKeys: 2 });
    store.add('a', 1000);
    store.add('b', 1000);
    store.add('c', 1000);
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([false, true, true]);
  });
});

describe('callbacks, inbox, seen and store are checked when the handler is built', () => {
  const named = (create: () => unknown, option: string) => {
    let caught: unknown;
    try {
      create();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).option).toBe(option);
    expect((caught as Error).message).toContain(option);
  };

  it.each(['onUninstall', 'onFreeze', 'onPayment', 'onUnknown', 'onError'])(
    'lifecycle %s that is not a function',
    (option) => {
      named(() => createLifecycleHandler({ ...base, [option]: 'x' } as never), option);
    },
  );

  it('entity on / onError that is not a function', () => {
    named(() => createEntityWebhookHandler({ secret: SECRET, on: 'x' } as never), 'on');
    named(
      () => createEntityWebhookHandler({ secret: SECRET, on: () => {}, onError: 42 } as never),
      'onError',
    );
  });

  it.each([{}, null, { put: 'x' }])('an inbox %o without put() is refused by both handlers', (inbox) => {
    named(() => createLifecycleHandler({ ...base, inbox } as never), 'inbox');
    named(() => createEntityWebhookHandler({ secret: SECRET, inbox } as never), 'inbox');
  });

  it.each([{}, { has: () => false }, 'memory'])('a seen store %o without has()/add() is refused', (seen) => {
    named(() => createLifecycleHandler({ ...base, seen } as never), 'seen');
    named(() => createEntityWebhookHandler({ secret: SECRET, on: () => {}, seen } as never), 'seen');
  });

  it('a store that is not a Store is refused', () => {
    named(() => createLifecycleHandler({ ...base, store: {} } as never), 'store');
    named(
      () => createEntityWebhookHandler({ secret: SECRET, on: () => {}, store: 'redis' } as never),
      'store',
    );
  });

  it('valid callbacks and an inbox with put() still build and answer', async () => {
    const puts: unknown[] = [];
    const inbox = {
      put: async (delivery: unknown) => {
        puts.push(delivery);
        return 'stored' as const;
      },
    };
    const handler = createLifecycleHandler({ ...base, inbox } as never);
    const response = await handler(post(createLifecycleBody({ ...base, event: 'uninstall' })));
    expect(response.status).toBe(200);
    expect(puts).toHaveLength(1);
  });
});

describe('entity dedupe', () => {
  it('lets the same data through again after the short TTL (A → B → A), and dedupes within it', async () => {
    let now = 0;
    const events: EntityEvent[] = [];
    const entities = createEntityWebhookHandler({
      secret: SECRET,
      on: (e) => void events.push(e),
      seen: createMemorySeenStore({ now: () => now }),
    });
    const url = await entityUrl();
    const body = (title: string) =>
      JSON.stringify({
        company_id: 5,
        resource: 'service',
        resource_id: 9,
        status: 'update',
        data: { title },
      });
    await entities(post(body('A'), url));
    await entities(post(body('A'), url)); // a redelivery
    now = 10_000;
    await entities(post(body('B'), url));
    now = 70_000;
    await entities(post(body('A'), url)); // changed back: real
    expect(events.map((e) => (e.data as { title: string }).title)).toEqual(['A', 'B', 'A']);
  });

  it('keeps dedupe keys short for a huge unknown resource name', async () => {
    const keys: string[] = [];
    const entities = createEntityWebhookHandler({
      secret: SECRET,
      on: () => {},
      seen: { has: () => false, add: (key) => void keys.push(key) },
    });
    const resource = 'r'.repeat(60_000);
    const body = JSON.stringify({ company_id: 5, resource, resource_id: 1, status: 'create', data: {} });
    expect((await entities(post(body, await entityUrl()))).status).toBe(200);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.length).toBeLessThan(200);
    expect(keys[0]).not.toContain('rrrr');
  });
});

describe('verification details', () => {
  it('refuses data.company_id naming another location (location-mismatch)', async () => {
    const url = await entityUrl(5);
    const make = (company_id: unknown) => ({
      company_id: 5,
      resource: 'record',
      resource_id: 1,
      status: 'create',
      data: { id: 1, company_id },
    });
    await expect(verifyEntityEvent(make(6), { secret: SECRET, url })).rejects.toMatchObject({
      reason: 'location-mismatch',
    });
    await expect(verifyEntityEvent(make('6'), { secret: SECRET, url })).rejects.toMatchObject({
      reason: 'location-mismatch',
    });
    await expect(verifyEntityEvent(make(5), { secret: SECRET, url })).resolves.toMatchObject({
      locationId: 5,
    });
    await expect(verifyEntityEvent(make(null), { secret: SECRET, url })).resolves.toMatchObject({
      locationId: 5,
    });
    const entities = createEntityWebhookHandler({ secret: SECRET, on: () => {} });
    const response = await entities(post(JSON.stringify(make(6)), url));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'location-mismatch' });
  });

  it.each([-1, 0, '0', '-1', '007', 1.5])('refuses salon_id %o as malformed-body', async (salonId) => {
    const body = {
      salon_id: salonId,
      application_id: APPLICATION_ID,
      event: 'uninstall',
      partner_token: PARTNER_TOKEN,
    };
    await expect(verifyLifecycleEvent(body, base)).rejects.toMatchObject({ reason: 'malformed-body' });
  });

  it('accepts positive ids in both forms, and 0 for a reference inside data', async () => {
    for (const salonId of [55, '55']) {
      const body = {
        salon_id: salonId,
        application_id: APPLICATION_ID,
        event: 'freeze',
        partner_token: PARTNER_TOKEN,
      };
      await expect(verifyLifecycleEvent(body, base)).resolves.toMatchObject({ locationId: 55 });
    }
    const event = await verifyEntityEvent(
      { company_id: 5, resource: 'record', resource_id: 1, status: 'create', data: { staff_id: 0 } },
      { secret: SECRET, url: await entityUrl() },
    );
    expect(event.data).toMatchObject({ staff_id: 0 });
  });

  it('names the partnerToken option, not an env var the handler never reads', async () => {
    const body = createLifecycleBody({ ...base, partnerToken: 'forged', event: 'uninstall' });
    const error = await verifyLifecycleEvent(body, base).catch((e: Error) => e);
    expect((error as Error).message).toContain('partnerToken option');
    expect((error as Error).message).not.toContain('ALTEGIO_PARTNER_TOKEN');
  });
});
