import { createRedisClient } from './redis-util';
import {
  ConfigurationError,
  createWebhookInbox,
  createWebhookWorker,
  type RedisWebhookInbox,
  type WebhookWorker,
} from 'altegio-marketplace/redis';
import { createLifecycleBody, createPaymentBody } from 'altegio-marketplace/testing';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  signWebhookUrl,
} from 'altegio-marketplace/webhooks';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN } from '../helpers';
import { describeRedis, type RedisServer, startRedisServer } from '../redis-server';

const SECRET = 'webhook-secret-0123456789abcdef';
const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };
const post = (body: string, url = 'https://vendor.example/altegio/callback') =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeRedis('webhook inbox and worker on a real Redis', () => {
  let redis: RedisServer;
  let run = 0;
  const open: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });
  afterAll(() => redis.stop());

  /** A fresh prefix per test: each test sees an empty queue. */
  const setup = (extra: Parameters<typeof createWebhookInbox>[0] = {}) => {
    run += 1;
    const inbox = createWebhookInbox({ connection: redis.url, prefix: `t${run}`, backoffMs: 10, ...extra });
    open.push(inbox);
    return inbox;
  };
  const worker = (
    inbox: RedisWebhookInbox,
    options: Omit<Parameters<typeof createWebhookWorker>[0], 'inbox'>,
  ) => {
    const w = createWebhookWorker({ inbox, onError: () => {}, ...options });
    open.push(w);
    return w;
  };
  const lifecycle = (inbox: RedisWebhookInbox) =>
    createLifecycleHandler({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      inbox,
      onError: () => {},
    });

  it('answers 200 once stored; the worker then runs the callback once', async () => {
    const inbox = setup();
    const seen: unknown[] = [];
    const response = await lifecycle(inbox)(
      post(await createPaymentBody({ ...base, paymentId: 3, amount: 10 })),
    );
    expect(response.status).toBe(200);
    const w = worker(inbox, { onPayment: (event) => void seen.push(event) });
    await w.start();
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ event: 'payment', paymentId: 3, amount: 10, locationId: 55 });
  });

  it('dedupes identical deliveries across handler instances, each with its own inbox connection', async () => {
    const first = setup();
    const second = createWebhookInbox({ connection: redis.url, prefix: `t${run}` });
    open.push(second);
    const body = await createPaymentBody({ ...base, paymentId: 4, amount: 10 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => lifecycle(i % 2 ? first : second)(post(body))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.filter((b) => b.duplicate !== true)).toEqual([{ ok: true }]);
    let calls = 0;
    await worker(first, { onPayment: () => void calls++ }).start();
    await until(() => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(1);
    // Within the window, a later redelivery is still a duplicate.
    expect((await lifecycle(second)(post(body))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(1);
  });

  it('does not swallow a real repeat of uninstall once the first has run', async () => {
    const inbox = setup();
    let calls = 0;
    await worker(inbox, { onUninstall: () => void calls++ }).start();
    const body = createLifecycleBody({ ...base, event: 'uninstall' });
    await lifecycle(inbox)(post(body));
    await until(() => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await lifecycle(inbox)(post(body)); // uninstall, reinstall, uninstall
    await until(() => calls === 2);
  });

  it('runs entity events through on()', async () => {
    const inbox = setup();
    const events: unknown[] = [];
    await worker(inbox, { on: (event) => void events.push(event) }).start();
    const handler = createEntityWebhookHandler({ secret: SECRET, inbox });
    const url = await signWebhookUrl('https://vendor.example/hooks', { locationId: 55, secret: SECRET });
    const body = JSON.stringify({
      company_id: 55,
      resource: 'client',
      resource_id: 7,
      status: 'update',
      data: { id: 7, name: 'A' },
    });
    expect((await handler(post(body, url))).status).toBe(200);
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ resource: 'client', resourceId: 7, status: 'update', locationId: 55 });
  });

  it('retries with backoff, then keeps a dead letter that replay runs again', async () => {
    const inbox = setup({ attempts: 3, backoffMs: 50 });
    const times: number[] = [];
    let healthy = false;
    const errors: { deadLetter?: boolean }[] = [];
    const w: WebhookWorker = worker(inbox, {
      onFreeze() {
        times.push(Date.now());
        if (!healthy) throw new Error('database is down');
      },
      onError: (_error, info) => void errors.push(info),
    });
    await w.start();
    expect((await lifecycle(inbox)(post(createLifecycleBody({ ...base, event: 'freeze' })))).status).toBe(
      200,
    );
    await until(async () => (await w.deadLetters()).length === 1);
    expect(times).toHaveLength(3);
    // Exponential: the second gap is about twice the first (50 ms, then 100 ms).
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(95);
    expect(errors.map((info) => info.deadLetter)).toEqual([false, false, true]);
    const [letter] = await w.deadLetters();
    expect(letter).toMatchObject({
      attempts: 3,
      error: 'database is down',
      event: { kind: 'lifecycle', event: { event: 'freeze', locationId: 55 } },
    });
    healthy = true;
    expect(await w.replay(letter!.id)).toBe(true);
    await until(() => times.length === 4);
    await until(async () => (await w.deadLetters()).length === 0);
    expect(await w.replay(letter!.id)).toBe(false);
    expect(await w.replay('no-such-id')).toBe(false);
  });

  it('answers 503 and runs nothing while Redis is down, then recovers', async () => {
    const inbox = setup({ storeTimeoutMs: 500 });
    let calls = 0;
    const handler = lifecycle(inbox);
    // Started before the outage: it must reconnect by itself.
    await worker(inbox, { onUninstall: () => void calls++ }).start();
    const body = createLifecycleBody({ ...base, event: 'uninstall' });
    // Connected first, so the outage hits a live inbox.
    await handler(post(createLifecycleBody({ ...base, locationId: 1, event: 'freeze' })));
    await redis.kill();
    try {
      const started = Date.now();
      const response = await handler(post(body));
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await redis.restart();
    }
    expect(calls).toBe(0);
    await until(async () => (await handler(post(body))).status === 200);
    await until(() => calls === 1, 15_000);
  });

  it('keeps no secret in any Redis key or value, and none in inspect output', async () => {
    const inbox = setup();
    const handler = lifecycle(inbox);
    await handler(post(createLifecycleBody({ ...base, event: 'uninstall' })));
    await handler(post(await createPaymentBody({ ...base, paymentId: 8, amount: '99.90' })));
    await handler(
      post(
        createLifecycleBody({
          ...base,
          event: 'renamed',
          extra: { copy: PARTNER_TOKEN, deep: { t: PARTNER_TOKEN } },
        }),
      ),
    );
    const client = createRedisClient(redis.url);
    try {
      const dump = await dumpRedis(client);
      expect(dump).toContain('payment'); // the scan does see the stored events
      expect(dump).toContain('renamed');
      expectNoSecrets(dump);
      expect(dump).not.toContain(SECRET);
    } finally {
      await client.quit();
    }
    expect(inspect(inbox, { depth: 10 })).not.toContain(String(redis.port));
  });

  it('works on your own ioredis client, and leaves it open on close()', async () => {
    const client = createRedisClient(redis.url);
    try {
      run += 1;
      const inbox = createWebhookInbox({ client, prefix: `t${run}` });
      let calls = 0;
      const w = createWebhookWorker({ inbox, onFreeze: () => void calls++, onError: () => {} });
      await w.start();
      expect((await lifecycle(inbox)(post(createLifecycleBody({ ...base, event: 'freeze' })))).status).toBe(
        200,
      );
      await until(() => calls === 1);
      await w.close();
      await inbox.close();
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.quit();
    }
  });

  it('reports failures and unknown events to its logger, not to console', async () => {
    const inbox = setup({ attempts: 2, backoffMs: 10 });
    const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
    const record = (level: string) => (message: string, data?: Record<string, unknown>) =>
      void lines.push({ level, message, ...(data ? { data } : {}) });
    const consoleCalls: unknown[] = [];
    const spies = (['error', 'warn', 'log'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args) => void consoleCalls.push(args)),
    );
    try {
      const w = createWebhookWorker({
        inbox,
        logger: { error: record('error'), warn: record('warn') },
        onFreeze() {
          throw new Error('database is down');
        },
      });
      open.push(w);
      await w.start();
      const handler = lifecycle(inbox);
      await handler(post(createLifecycleBody({ ...base, event: 'freeze' })));
      await handler(
        post(
          JSON.stringify({
            ...JSON.parse(createLifecycleBody({ ...base, event: 'uninstall' })),
            event: 'thaw',
          }),
        ),
      );
      await until(
        () =>
          lines.filter((line) => line.level === 'error').length === 2 &&
          lines.some((line) => line.level === 'warn'),
      );
      expect(lines.filter((line) => line.level === 'error').map((line) => line.data)).toEqual([
        {
          error: expect.objectContaining({ message: 'database is down' }),
          kind: 'lifecycle',
          attempt: 1,
          deadLetter: false,
        },
        {
          error: expect.objectContaining({ message: 'database is down' }),
          kind: 'lifecycle',
          attempt: 2,
          deadLetter: true,
        },
      ]);
      expect(lines.find((line) => line.level === 'warn')).toMatchObject({
        message: expect.stringMatching(/unknown lifecycle event/),
        data: { name: 'thaw', locationId: 55 },
      });
      expectNoSecrets(inspect(lines, { depth: 10 }));
      expect(consoleCalls).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(() => createWebhookWorker({ inbox, logger: 'console' as never })).toThrow(ConfigurationError);
  });

  it('refuses bad options with a ConfigurationError that does not echo the URL', () => {
    expect(() => createWebhookInbox({} as never)).toThrow(ConfigurationError);
    expect(() => createWebhookInbox({ connection: redis.url, client: {} as never })).toThrow(/exactly one/);
    expect(() => createWebhookInbox({ connection: 'http://:hunter2@host' })).toThrow(ConfigurationError);
    try {
      createWebhookInbox({ connection: 'http://:hunter2@host' });
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
    expect(() => createWebhookInbox({ connection: redis.url, prefix: 'has space' })).toThrow(/prefix/);
    expect(() => createWebhookInbox({ connection: redis.url, attempts: 0 })).toThrow(/attempts/);
    expect(() => createWebhookWorker({ inbox: {} as never })).toThrow(/createWebhookInbox/);
    const inbox = setup();
    expect(() => createWebhookWorker({ inbox, on: 'nope' as never })).toThrow(/`on` must be a function/);
    expect(() => createWebhookWorker({ inbox, lockDurationMs: 10 })).toThrow(/lockDurationMs/);
  });
});

/** Every key and every value in the Redis, as text. */
async function dumpRedis(client: ReturnType<typeof createRedisClient>): Promise<string> {
  const keys = await client.keys('*');
  const parts: string[] = [];
  for (const key of keys) {
    parts.push(key);
    const type = await client.type(key);
    if (type === 'string') parts.push((await client.get(key)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await client.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await client.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await client.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await client.zrange(key, 0, -1)));
    else if (type === 'stream') parts.push(JSON.stringify(await client.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}
