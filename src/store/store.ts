import { ConfigurationError } from '../errors/configuration-error';

/** One sliding window of a limiter step: at most `limit` requests in any `sizeMs`. */
export interface LimitWindow {
  /** Window length in milliseconds (any clock-jitter margin already added). */
  readonly sizeMs: number;
  /** Requests allowed in the window. */
  readonly limit: number;
  /** Part of the window that only the `high` lane may use, at least. */
  readonly reserve: number;
}

/**
 * One atomic step of the shared rate limiter. `acquire` asks for a slot and, when granted, holds it;
 * `release` ends the hold and counts the request as sent at that moment.
 */
export interface LimitStep {
  /** `acquire` a slot, or `release` the one `id` holds. */
  readonly op: 'acquire' | 'release';
  /** Unique id of the request (random; never derived from a token). */
  readonly id: string;
  /** `high` (call notifications) goes before `normal` work of every instance on the store. */
  readonly priority: 'high' | 'normal';
  /** The windows to respect, e.g. 5 per second and 200 per minute. */
  readonly windows: readonly LimitWindow[];
  /** How long an unreleased hold counts, so the slots of a crashed instance come back. */
  readonly holdMs: number;
}

/** What a limiter step answered. */
export interface LimitDecision {
  /** Whether the slot was granted (always `true` for `release`). */
  readonly granted: boolean;
  /** When not granted: milliseconds after which asking again may succeed. */
  readonly retryInMs: number;
}

/**
 * The state the SDK shares between instances: webhook dedupe, the payment ledger and the rate limiter.
 * Every method is one atomic operation. Keys are short ASCII strings made by the SDK; values are short
 * strings (JSON), never a token. Methods reject when the backing service cannot answer; the callers
 * decide what that means (the limiter falls back to a local limit, the ledger fails closed).
 *
 * Use {@link createMemoryStore} for one process (the default everywhere) and `createRedisStore` from
 * `altegio-marketplace/redis` for several.
 */
export interface Store {
  /**
   * Stores `value` under `key` only if the key is absent, expiring after `ttlMs` milliseconds.
   * @returns `true` when this call stored it, `false` when the key already existed.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The value under `key`, or `null` when it is absent or expired. */
  get(key: string): Promise<string | null>;
  /**
   * Replaces the value under `key` with `next` only if it currently equals `expected`. `ttlMs` is the
   * new expiry; `Infinity` keeps the key until it is deleted.
   * @returns `true` when it was replaced.
   */
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean>;
  /** Removes `key` when its value equals `expected` (or in any case without `expected`). */
  delete(key: string, expected?: string): Promise<void>;
  /** One step of the shared limiter whose state lives under `key`, as one atomic operation. */
  limit(key: string, step: LimitStep): Promise<LimitDecision>;
}

/**
 * @internal Checks a `store` option once; `undefined` passes through. Only the methods' presence is
 * checked, as briefly as possible: the webhooks entry carries this code.
 */
export function checkStore(option: string, store: unknown): Store | undefined {
  const s = store as Partial<Store> | null | undefined;
  if (s === undefined || typeof s?.setIfAbsent === 'function') return s as Store;
  throw new ConfigurationError(option, `\`${option}\` must be a Store, e.g. createRedisStore({ client }).`);
}

/** @internal Checks a TTL argument: a positive number of milliseconds, or Infinity where allowed. */
export function checkTtl(ttlMs: number, allowInfinity: boolean): void {
  const ok =
    typeof ttlMs === 'number' &&
    ttlMs > 0 &&
    (Number.isSafeInteger(ttlMs) || (allowInfinity && ttlMs === Number.POSITIVE_INFINITY));
  if (!ok) throw new RangeError(`ttlMs must be a positive integer${allowInfinity ? ' or Infinity' : ''}`);
}
