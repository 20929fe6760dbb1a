import { WEBHOOK_DEFAULTS } from '../core/defaults';
import { integerOption } from '../core/rules';

/**
 * Where the handlers remember deliveries they have already processed, so a redelivery does not run
 * your callback twice. Altegio's webhooks carry no delivery id, so the key is built from the body.
 *
 * The in-memory default works for one process. With several instances, back it with shared storage:
 *
 * - Redis: `has` = `EXISTS key`; `add` = `SET key 1 PX ttlMs`.
 * - SQL: `has` = `SELECT 1 FROM seen WHERE key = $1 AND expires_at > now()`; `add` = an upsert of
 *   `(key, expires_at)`, with a periodic `DELETE ... WHERE expires_at < now()`.
 *
 * Keys are at most a few hundred ASCII characters (anything taken from the body is hashed). Methods
 * may return values or promises. If `has` throws, the handler answers 500 and Altegio may redeliver;
 * if `add` throws after your callback succeeded, the handler answers 200 and reports it to `onError`.
 */
export interface SeenStore {
  /** Whether `key` was added and has not expired. */
  has(key: string): boolean | Promise<boolean>;
  /** Remembers `key` for `ttlMs` milliseconds. */
  add(key: string, ttlMs: number): void | Promise<void>;
}

/** Options of {@link createMemorySeenStore}. */
export interface MemorySeenStoreOptions {
  /**
   * How many keys to keep (a positive integer); the oldest go first beyond it.
   * @default {@link WEBHOOK_DEFAULTS}`.memorySeenStoreMaxKeys` (10000)
   */
  maxKeys?: number;
  /**
   * Clock in milliseconds, for tests.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * An in-memory {@link SeenStore} with expiry and a size cap: the default of both handlers. Its methods
 * never throw.
 *
 * @throws {ConfigurationError} when `maxKeys` is not a positive integer.
 * @example
 * ```ts
 * const seen = createMemorySeenStore({ maxKeys: 50_000 });
 * const handler = createLifecycleHandler({ partnerToken, applicationId, seen });
 * ```
 */
export function createMemorySeenStore(options: MemorySeenStoreOptions = {}): SeenStore {
  const maxKeys = integerOption('maxKeys', options.maxKeys, WEBHOOK_DEFAULTS.memorySeenStoreMaxKeys, 1);
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  return {
    has(key) {
      const expires = expiries.get(key);
      if (expires === undefined) return false;
      if (expires > now()) return true;
      expiries.delete(key);
      return false;
    },
    add(key, ttlMs) {
      expiries.delete(key);
      // Map keeps insertion order, so the first key is the oldest.
      while (expiries.size >= maxKeys) expiries.delete(expiries.keys().next().value as string);
      expiries.set(key, now() + ttlMs);
    },
  };
}
