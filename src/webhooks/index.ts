/**
 * Receive what Altegio sends: lifecycle webhooks (`uninstall`, `freeze`, `payment`) and entity webhooks,
 * as pure verifiers and `(Request) => Promise<Response>` handlers. Imports neither ky nor any `node:`
 * module, so it runs on Node, Bun, Deno and edge workers.
 *
 * @module altegio-marketplace/webhooks
 */

export { ConfigurationError } from '../errors/configuration-error';
export type { WebhookVerificationErrorReason } from '../errors/webhook-verification-error';
export { WebhookVerificationError } from '../errors/webhook-verification-error';
export type {
  ClientData,
  EntityDataMap,
  EntityEnvelope,
  EntityEvent,
  EntityEventOf,
  EntityResource,
  KnownEntityEvent,
  LocationData,
  RecordData,
  ServiceCategoryData,
  ServiceData,
  SignWebhookUrlOptions,
  StaffData,
  UnknownEntityEvent,
  VerifyEntityOptions,
} from './entity';
export { signWebhookUrl, verifyEntityEvent } from './entity';
export type { HandlerOptions } from './handler';
export type { EntityWebhookHandlerOptions, LifecycleHandlerOptions, WebhookCallback } from './handlers';
export { createEntityWebhookHandler, createLifecycleHandler } from './handlers';
export type {
  FreezeEvent,
  LifecycleEvent,
  PaymentEvent,
  UninstallEvent,
  UnknownLifecycleEvent,
  VerifyLifecycleOptions,
} from './lifecycle';
export { paymentSignMessage, verifyLifecycleEvent } from './lifecycle';
export type { WebhookBody } from './schema';
export type { MemorySeenStoreOptions, SeenStore } from './seen-store';
export { createMemorySeenStore } from './seen-store';
export type { Store } from '../store/store';
