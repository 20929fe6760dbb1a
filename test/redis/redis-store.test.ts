import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { createRedisStore } from '../../src/redis';
import type { Store } from '../../src/store/store';
import { describeRedis, type RedisServer, startRedisServer } from '../redis-server';
import { storeBattery } from '../store/battery';

describeRedis('createRedisStore against a real redis-server', () => {
  let server: RedisServer;
  let client: Redis;
  let store: Store;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.url, { lazyConnect: true });
    await client.connect();
    store = createRedisStore({ client, prefix: 'test:' });
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  describe('conformance battery', () => {
    storeBattery(() => store);
  });

  it('puts every key under the prefix, with a TTL (Infinity only where asked)', async () => {
    await store.setIfAbsent('p:one', 'v', 10_000);
    await store.limit('p:lim', {
      op: 'acquire',
      id: 'x',
      priority: 'high',
      windows: [{ sizeMs: 1000, limit: 5, reserve: 0 }],
      holdMs: 1000,
    });
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith('test:')).toBe(true);
    const ours = [...(await client.keys('test:p:*')), ...(await client.keys('test:{p:lim}:*'))];
    expect(ours.length).toBeGreaterThan(1);
    for (const key of ours) expect(await client.pttl(key)).toBeGreaterThan(0);
  });

  it('keeps the Lua scripts working after SCRIPT FLUSH (falls back from EVALSHA to EVAL)', async () => {
    await client.script('FLUSH');
    await store.setIfAbsent('flush', 'a', 10_000);
    expect(await store.compareAndSet('flush', 'a', 'b', 10_000)).toBe(true);
  });

  it('reports an answer slower than timeoutMs as StoreUnavailableError, and works again after', async () => {
    const slow = createRedisStore({ client, prefix: 'test:', timeoutMs: 100 });
    const admin = new Redis(server.url);
    await admin.call('CLIENT', 'PAUSE', '400', 'ALL');
    const started = Date.now();
    const error = await slow.get('anything').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(350);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await slow.setIfAbsent('after-pause', '1', 10_000)).toBe(true);
    admin.disconnect();
  });

  it('refuses bad options with a ConfigurationError naming the option', () => {
    expect(() => createRedisStore(undefined as never)).toThrow(ConfigurationError);
    expect(() => createRedisStore({ client: {} as never })).toThrow(/client/);
    expect(() => createRedisStore({ client: 'redis://x' as never })).toThrow(ConfigurationError);
    for (const prefix of ['', 'has space', 'x'.repeat(65), 5 as never]) {
      expect(() => createRedisStore({ client, prefix })).toThrow(/prefix/);
    }
    for (const timeoutMs of [0, -1, 1.5, Number.NaN]) {
      expect(() => createRedisStore({ client, timeoutMs })).toThrow(/timeoutMs/);
    }
  });
});
