import { ConfigurationError } from '../errors/configuration-error';
import { integerOption } from '../core/rules';
import { checkTtl, type LimitDecision, type LimitStep, type Store } from './store';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * How many keys to keep (a positive integer); the oldest go first beyond it.
   * @default 100000
   */
  maxKeys?: number;
  /**
   * Clock in milliseconds, for tests.
   * @default Date.now
   */
  now?: () => number;
}

interface Entry {
  value: string;
  expires: number;
}

interface LimiterState {
  /** Release times, ascending. */
  sent: number[];
  /** Release times of high-lane requests, ascending. */
  highSent: number[];
  /** Holds in flight: id → { expiry, high }. */
  held: Map<string, { expires: number; high: boolean }>;
  /** High-lane requests waiting in some client: id → expiry. */
  waiting: Map<string, number>;
}

/** @internal How long a waiting high-lane request blocks normal work after it last asked (it asks again sooner). */
export const HIGH_WAIT_MS = 1_000;
/** @internal Poll interval when in-flight holds fill a window: their release is not announced to other instances. */
export const HELD_POLL_MS = 25;

/**
 * @internal The limiter step on plain state, shared by the memory store and mirrored by the Redis
 * script: sliding windows counted at release, holds for requests in flight, and a high lane that goes
 * first across every client and keeps part of each window free.
 */
export function limitStep(state: LimiterState, now: number, step: LimitStep): LimitDecision {
  const longest = Math.max(...step.windows.map((w) => w.sizeMs));
  const cut = (list: number[]) => {
    let i = 0;
    while (i < list.length && (list[i] as number) <= now - longest) i++;
    if (i > 0) list.splice(0, i);
  };
  cut(state.sent);
  cut(state.highSent);
  for (const [id, hold] of state.held) if (hold.expires <= now) state.held.delete(id);
  for (const [id, expires] of state.waiting) if (expires <= now) state.waiting.delete(id);
  const high = step.priority === 'high';

  if (step.op === 'release') {
    state.held.delete(step.id);
    state.sent.push(now);
    if (high) state.highSent.push(now);
    return { granted: true, retryInMs: 0 };
  }
  if (!high && state.waiting.size > 0) return { granted: false, retryInMs: HELD_POLL_MS };

  let highHeld = 0;
  for (const hold of state.held.values()) if (hold.high) highHeld++;
  let wait = 0;
  let recheck = Number.POSITIVE_INFINITY;
  for (const { sizeMs, limit, reserve } of step.windows) {
    const start = now - sizeMs;
    let keep = 0;
    if (!high) {
      const recent = state.highSent.filter((at) => at > start);
      keep = Math.min(limit - 1, Math.max(reserve, recent.length + highHeld));
      const oldest = recent[0];
      if (oldest !== undefined && keep > reserve) recheck = Math.min(recheck, oldest - start);
    }
    const room = limit - keep - state.held.size;
    if (room <= 0) {
      wait = Math.max(wait, HELD_POLL_MS);
      continue;
    }
    const edge = state.sent[state.sent.length - room];
    if (edge !== undefined && edge > start) wait = Math.max(wait, edge - start);
  }
  wait = Math.min(wait, recheck);
  if (wait <= 0) {
    state.held.set(step.id, { expires: now + step.holdMs, high });
    state.waiting.delete(step.id);
    return { granted: true, retryInMs: 0 };
  }
  if (high) state.waiting.set(step.id, now + Math.ceil(wait) + HIGH_WAIT_MS);
  return { granted: false, retryInMs: Math.ceil(wait) };
}

/**
 * An in-memory {@link Store}: today's behaviour, and the default of the client and both webhook
 * handlers. Shared by everything in one process that is given the same store; not across processes
 * (use `createRedisStore` from `altegio-marketplace/redis` for that). Its methods never reject.
 *
 * @throws {ConfigurationError} when `maxKeys` is not a positive integer or `now` is not a function.
 * @example
 * ```ts
 * import { createAltegioClient, createMemoryStore } from 'altegio-marketplace';
 *
 * const store = createMemoryStore();
 * // Two clients of one process share one rate-limit budget and one payment ledger.
 * const a = createAltegioClient({ partnerToken, applicationId: 123, store });
 * const b = createAltegioClient({ partnerToken: otherToken, applicationId: 124, store });
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('options', 'createMemoryStore expects an options object.');
  }
  const maxKeys = integerOption('maxKeys', options.maxKeys, 100_000, 1);
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new ConfigurationError('now', '`now` must be a function returning milliseconds.');
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const limiters = new Map<string, LimiterState>();

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const write = (key: string, value: string, ttlMs: number) => {
    entries.delete(key);
    // Map keeps insertion order, so the first key is the oldest.
    while (entries.size >= maxKeys) entries.delete(entries.keys().next().value as string);
    entries.set(key, { value, expires: now() + ttlMs });
  };

  return {
    async setIfAbsent(key, value, ttlMs) {
      checkTtl(ttlMs, false);
      if (read(key)) return false;
      write(key, value, ttlMs);
      return true;
    },
    async get(key) {
      return read(key)?.value ?? null;
    },
    async compareAndSet(key, expected, next, ttlMs) {
      checkTtl(ttlMs, true);
      if (read(key)?.value !== expected) return false;
      write(key, next, ttlMs);
      return true;
    },
    async delete(key, expected) {
      if (expected === undefined || read(key)?.value === expected) entries.delete(key);
    },
    async limit(key, step) {
      let state = limiters.get(key);
      if (!state) {
        state = { sent: [], highSent: [], held: new Map(), waiting: new Map() };
        limiters.set(key, state);
      }
      return limitStep(state, now(), step);
    },
  };
}
