import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/redis';
import { expectNoSecrets } from '../helpers';
import { describeRedis, type RedisServer, startRedisServer } from '../redis-server';
import { ledgerSuite } from '../store/ledger-suite';

/** Every key and every value in the server, whatever its type, as text. */
export async function dump(client: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await client.keys('*')) {
    parts.push(key);
    const type = await client.type(key);
    if (type === 'string') parts.push((await client.get(key)) ?? '');
    else if (type === 'zset') parts.push(...(await client.zrange(key, 0, -1, 'WITHSCORES')));
    else parts.push(`<${type}>`);
  }
  return parts.join('\n');
}

describeRedis('payment ledger on a real redis-server (one connection per instance)', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });
  const instanceStore = () => {
    const client = new Redis(server.url);
    clients.push(client);
    return createRedisStore({ client, prefix: 'ledger-test:' });
  };

  describe('rules', () => {
    ledgerSuite(instanceStore);
  });

  it('left no token in any key or value, and every unfinished entry has a TTL', async () => {
    const admin = new Redis(server.url);
    clients.push(admin);
    const text = await dump(admin);
    expect(text).toContain('ledger-test:ledger:');
    expectNoSecrets(text);
    for (const key of await admin.keys('*')) {
      expect(key.startsWith('ledger-test:')).toBe(true);
      const value = (await admin.type(key)) === 'string' ? await admin.get(key) : null;
      // Only a completed payment or refund lives on (retainMs: Infinity by default).
      if (value?.includes('"s":"done"')) continue;
      expect(await admin.pttl(key)).toBeGreaterThan(0);
    }
  });
});
