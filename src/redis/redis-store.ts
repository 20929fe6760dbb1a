import { createHash } from 'node:crypto';
import { integerOption } from '../core/rules';
import type { Redis } from 'ioredis';
import { ConfigurationError } from '../errors/configuration-error';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import { HELD_POLL_MS, HIGH_WAIT_MS } from '../store/memory';
import { checkTtl, type Store } from '../store/store';
import { COMPARE_AND_DELETE, COMPARE_AND_SET, LIMIT } from './scripts';

/**
 * The part of an `ioredis` client the store uses. A `Redis` instance fits (and a `Cluster` one: the
 * limiter's keys share one hash slot).
 */
export type RedisClientLike = Pick<Redis, 'set' | 'get' | 'del' | 'evalsha' | 'eval'>;

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * Your `ioredis` client (`new Redis(url)`). The store never closes it. Create it with
   * `enableOfflineQueue: false` so that calls fail at once while Redis is down rather than after
   * `timeoutMs`.
   */
  client: RedisClientLike;
  /**
   * Put in front of every key, so several apps (or environments) can share one Redis: 1–64 characters
   * without spaces.
   * @default 'altegio:'
   */
  prefix?: string;
  /**
   * Milliseconds each store operation may take before it is reported as failed (a positive integer).
   * The limiter then uses its local fallback; a payment with an idempotency key fails closed.
   * @default 1000
   */
  timeoutMs?: number;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const scripts = {
  compareAndSet: { lua: COMPARE_AND_SET, sha: sha1(COMPARE_AND_SET) },
  compareAndDelete: { lua: COMPARE_AND_DELETE, sha: sha1(COMPARE_AND_DELETE) },
  limit: { lua: LIMIT, sha: sha1(LIMIT) },
};

/**
 * A {@link Store} on Redis, over your own `ioredis` client: share it between every instance of your
 * backend, and the rate limit, the payment ledger and webhook dedupe hold across all of them.
 *
 * Every key starts with `prefix` and has a TTL, except a completed payment's ledger entry, which is
 * kept (see the guide "Running several instances"). Atomic steps run as Lua scripts, on Redis's clock.
 *
 * @throws {ConfigurationError} when `client` is not an ioredis client, `prefix` is empty, too long or
 * has spaces, or `timeoutMs` is not a positive integer.
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createAltegioClient } from 'altegio-marketplace';
 * import { createRedisStore } from 'altegio-marketplace/redis';
 *
 * const store = createRedisStore({ client: new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false }) });
 * const altegio = createAltegioClient({ store });
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): Store {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('options', 'createRedisStore expects { client, prefix? }.');
  }
  const { client } = options;
  const looksLikeClient =
    typeof client === 'object' &&
    client !== null &&
    (['set', 'get', 'del', 'evalsha', 'eval'] as const).every(
      (name) => typeof (client as unknown as Record<string, unknown>)[name] === 'function',
    );
  if (!looksLikeClient) {
    throw new ConfigurationError(
      'client',
      '`client` must be an ioredis client: createRedisStore({ client: new Redis(process.env.REDIS_URL) }).',
    );
  }
  const prefix = options.prefix ?? 'altegio:';
  if (typeof prefix !== 'string' || prefix.length < 1 || prefix.length > 64 || /\s/.test(prefix)) {
    throw new ConfigurationError(
      'prefix',
      '`prefix` must be a string of 1–64 characters without spaces, e.g. "myapp:altegio:".',
    );
  }
  const timeoutMs = integerOption('timeoutMs', options.timeoutMs, 1_000, 1);

  const run = <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new StoreUnavailableError(operation, `no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      work().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          // Only the client's own message: it names the connection problem, never a key or value.
          const detail = error instanceof Error ? error.message.slice(0, 200) : 'the client failed';
          reject(new StoreUnavailableError(operation, detail));
        },
      );
    });

  const script = async (name: keyof typeof scripts, keys: string[], args: (string | number)[]) => {
    const { lua, sha } = scripts[name];
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(lua, keys.length, ...keys, ...args);
    }
  };
  const k = (key: string) => `${prefix}${key}`;

  return {
    async setIfAbsent(key, value, ttlMs) {
      checkTtl(ttlMs, false);
      return run('setIfAbsent', async () => (await client.set(k(key), value, 'PX', ttlMs, 'NX')) === 'OK');
    },
    get(key) {
      return run('get', () => client.get(k(key)));
    },
    async compareAndSet(key, expected, next, ttlMs) {
      checkTtl(ttlMs, true);
      const ttl = ttlMs === Number.POSITIVE_INFINITY ? 'inf' : ttlMs;
      return run(
        'compareAndSet',
        async () => (await script('compareAndSet', [k(key)], [expected, next, ttl])) === 1,
      );
    },
    delete(key, expected) {
      return run('delete', async () => {
        if (expected === undefined) await client.del(k(key));
        else await script('compareAndDelete', [k(key)], [expected]);
      });
    },
    limit(key, step) {
      // One hash tag, so the five sets land in one slot of a Redis Cluster.
      const base = `${prefix}{${key}}`;
      const keys = ['sent', 'high-sent', 'held', 'high-held', 'waiting'].map((part) => `${base}:${part}`);
      const args: (string | number)[] = [
        step.op,
        step.id,
        step.priority,
        step.holdMs,
        HIGH_WAIT_MS,
        HELD_POLL_MS,
      ];
      for (const w of step.windows) args.push(w.sizeMs, w.limit, w.reserve);
      return run('limit', async () => {
        const [granted, retryInMs] = (await script('limit', keys, args)) as [number, number];
        return { granted: granted === 1, retryInMs };
      });
    },
  };
}
