/**
 * Durable, shared state on Redis for apps that run several instances of their backend: a Redis-backed
 * {@link Store} (one shared rate-limit budget, one payment ledger and webhook dedupe across all of them),
 * and the webhook inbox with its worker (built on BullMQ). Needs the optional peer dependencies `ioredis`
 * (your own client) and, for the inbox, `bullmq`.
 *
 * @module altegio-marketplace/redis
 */

export { ConfigurationError } from '../errors/configuration-error';
export type { InboxDelivery, InboxEvent, WebhookInbox } from '../webhooks/inbox';
export type { RedisWebhookInbox, WebhookInboxOptions } from './inbox';
export { createWebhookInbox } from './inbox';
export type { DeadLetter, WebhookWorker, WebhookWorkerOptions } from './worker';
export { createWebhookWorker } from './worker';
export { StoreUnavailableError } from '../errors/store-unavailable-error';
export type { LimitDecision, LimitStep, LimitWindow, Store } from '../store/store';
export type { RedisClientLike, RedisStoreOptions } from './redis-store';
export { createRedisStore } from './redis-store';
