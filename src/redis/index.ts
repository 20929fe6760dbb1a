/**
 * A Redis-backed {@link Store} for running several instances of your backend: one shared rate-limit
 * budget, one payment ledger and webhook dedupe across all of them. Built on your own `ioredis` client
 * (an optional peer dependency: install `ioredis` to use this entry).
 *
 * @module altegio-marketplace/redis
 */

export { ConfigurationError } from '../errors/configuration-error';
export { StoreUnavailableError } from '../errors/store-unavailable-error';
export type { LimitDecision, LimitStep, LimitWindow, Store } from '../store/store';
export type { RedisClientLike, RedisStoreOptions } from './redis-store';
export { createRedisStore } from './redis-store';
