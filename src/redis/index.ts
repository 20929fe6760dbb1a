/**
 * Durable, shared state on Redis for apps that run several instances: the webhook inbox and its worker
 * (built on BullMQ, with ioredis as the client). Needs the optional peer dependencies `bullmq` and
 * `ioredis`.
 *
 * @module altegio-marketplace/redis
 */

export { ConfigurationError } from '../errors/configuration-error';
export type { InboxDelivery, InboxEvent, WebhookInbox } from '../webhooks/inbox';
export type { RedisWebhookInbox, WebhookInboxOptions } from './inbox';
export { createWebhookInbox } from './inbox';
export type { DeadLetter, WebhookWorker, WebhookWorkerOptions } from './worker';
export { createWebhookWorker } from './worker';
