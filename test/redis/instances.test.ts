// Several instances on one real Redis: the shared limit against a fake that enforces 5/s, Redis
// killed and restarted under load, webhook dedupe across handlers.
import { Redis } from 'ioredis';
import { createAltegioClient, createMemoryStore } from 'altegio-marketplace';
import {
  createFakeAltegio,
  createLifecycleBody,
  createPaymentBody,
  type FakeAltegio,
  type FakeAltegioServer,
} from 'altegio-marketplace/testing';
import { createLifecycleHandler } from 'altegio-marketplace/webhooks';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createRedisStore } from '../../src/redis';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';
import { describeRedis, type RedisServer, startRedisServer } from '../redis-server';
import { burst, peak, sharedLimiter } from '../store/limiter-helpers';

describeRedis('several instances on one redis-server', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => {}); // expected while the server is killed
    clients.push(client);
    return client;
  };
  const instanceStore = (timeoutMs = 300) =>
    createRedisStore({ client: connect(), prefix: 'inst:', timeoutMs });
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  let fake: FakeAltegio;
  let api: FakeAltegioServer;
  beforeEach(async () => {
    fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    fake.addInstallation({ locationId: 456 });
    api = await fake.listen();
  });
  afterEach(() => api.close());
  const instance = (store: ReturnType<typeof instanceStore>, logger?: object) =>
    createAltegioClient({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      platform: api.platform,
      retry: 0,
      env: {},
      store,
      ...(logger ? { logger } : {}),
    });
  const answered429 = () => fake.requests.filter((r) => r.status === 429).length;

  it('three clients on one store stay within the 5/s the fake enforces: no 429', async () => {
    const calls = [instanceStore(), instanceStore(), instanceStore()].map((store) => {
      const altegio = instance(store);
      return Promise.all(Array.from({ length: 6 }, () => altegio.marketplace.getInstallation(456)));
    });
    await Promise.all(calls);
    expect(fake.requests.length).toBe(18);
    expect(answered429()).toBe(0);
  });

  it('without the shared store the same three clients draw 429s (the control)', async () => {
    const calls = [1, 2, 3].map(() => {
      const altegio = instance(createMemoryStore());
      return Promise.allSettled(Array.from({ length: 6 }, () => altegio.marketplace.getInstallation(456)));
    });
    await Promise.all(calls);
    expect(answered429()).toBeGreaterThan(0);
  });

  it('Redis killed mid-run: calls go on under the local limit, logged once; after the restart it is shared again', async () => {
    const store = instanceStore();
    const logger = { warn: vi.fn(), info: vi.fn(), debug: vi.fn(), error: vi.fn() };
    const limiter = sharedLimiter(store, { logger, probeMs: 200, stepTimeoutMs: 500 });
    expect(await burst(limiter, 3)).toHaveLength(3);
    await server.kill();
    const started = Date.now();
    const during = await burst(limiter, 8);
    expect(during).toHaveLength(8);
    expect(peak(during, 1000)).toBeLessThanOrEqual(5);
    expect(Date.now() - started).toBeLessThan(4_000); // nothing hung on the dead store
    expect(logger.warn).toHaveBeenCalledTimes(1);
    await server.restart();
    await new Promise((resolve) => setTimeout(resolve, 500)); // ioredis reconnects; the probe is due
    await burst(limiter, 2);
    await vi.waitFor(() => expect(logger.info).toHaveBeenCalledTimes(1), { timeout: 3_000 });
    const admin = connect();
    expect((await admin.keys('inst:{limiter:egress}:*')).length).toBeGreaterThan(0);
  });

  it('a Redis answer slower than the store timeout: the limiter falls back at once, nothing hangs', async () => {
    const store = instanceStore(100);
    const logger = { warn: vi.fn() };
    const limiter = sharedLimiter(store, { logger, stepTimeoutMs: 1_000 });
    await burst(limiter, 1);
    const admin = connect();
    await admin.call('CLIENT', 'PAUSE', '1500', 'WRITE');
    const started = Date.now();
    await burst(limiter, 3);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    await admin.call('CLIENT', 'UNPAUSE');
  });

  it('a payment webhook that reaches two instances runs its callback once', async () => {
    const ran = vi.fn();
    const handlers = [1, 2].map(() =>
      createLifecycleHandler({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        store: instanceStore(),
        onPayment: ran,
        onError: () => {},
      }),
    );
    const body = await createPaymentBody({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      locationId: 456,
      paymentId: 77,
      amount: 10,
    });
    const post = () =>
      new Request('https://vendor.test/hook', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    expect((await handlers[0]?.(post()))?.status).toBe(200);
    const second = await handlers[1]?.(post());
    expect(second?.status).toBe(200);
    expect(await second?.json()).toEqual({ ok: true, duplicate: true });
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('an uninstall that reaches two instances at once runs once; if the first fails, the other runs it', async () => {
    const body = createLifecycleBody({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      locationId: 901,
      event: 'uninstall',
    });
    const post = () =>
      new Request('https://vendor.test/hook', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const handlers = (onUninstall: () => Promise<void>) =>
      [1, 2].map(() =>
        createLifecycleHandler({
          partnerToken: PARTNER_TOKEN,
          applicationId: APPLICATION_ID,
          store: instanceStore(),
          onUninstall,
          onError: () => {},
        }),
      );
    let runs = 0;
    const slow = handlers(async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const answers = await Promise.all(slow.map((handler) => handler(post())));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(runs).toBe(1);

    // A different location, so the "done" mark above does not apply; the first attempt fails.
    const other = body.replace('"salon_id":901', '"salon_id":902');
    expect(other).not.toBe(body);
    let attempts = 0;
    const flaky = handlers(async () => {
      attempts++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (attempts === 1) throw new Error('database hiccup');
    });
    const req = () =>
      new Request('https://vendor.test/hook', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: other,
      });
    const statuses = (await Promise.all(flaky.map((handler) => handler(req())))).map((a) => a.status).sort();
    expect(statuses).toEqual([200, 500]);
    expect(attempts).toBe(2);
  });
});
