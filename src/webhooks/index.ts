/**
 * Receive what Altegio sends: lifecycle webhooks (`uninstall`, `freeze`, `payment`) and entity webhooks,
 * as pure verifiers and `(Request) => Promise<Response>` handlers. Imports neither ky nor any `node:`
 * module, so it runs on Node, Bun, Deno and edge workers.
 *
 * @module altegio-marketplace/webhooks
 */

export { WEBHOOK_DEFAULTS } from '../core/defaults';
export type { Logger } from '../core/logger';
export { ConfigurationError } from '../errors/configuration-error';
export type { WebhookVerificationErrorReason } from '../errors/webhook-verification-error';
export { WebhookVerificationError } from '../errors/webhook-verification-error';
// --- chat panel (journal sidebar frame) URLs ---
export type { ChatPanel, VerifyChatPanelOptions } from './chat-panel';
export { verifyChatPanelUrl } from './chat-panel';
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
  StaffData,
  UnknownEntityEvent,
  VerifyEntityOptions,
} from './entity';
export { verifyEntityEvent } from './entity';
export type { EntityWebhookHandlerOptions } from './entity-handler';
export { createEntityWebhookHandler } from './entity-handler';
export type { HandlerOptions, WebhookCallback } from './handler-core';
export type { LifecycleHandlerOptions } from './lifecycle-handler';
export { createLifecycleHandler } from './lifecycle-handler';
export type { InboxDelivery, InboxEvent, InboxHandlerOptions, WebhookInbox } from './inbox';
export type {
  FreezeEvent,
  LifecycleEvent,
  PaymentEvent,
  UninstallEvent,
  UnknownLifecycleEvent,
  VerifyLifecycleOptions,
} from './lifecycle';
export { paymentSignMessage, verifyLifecycleEvent } from './lifecycle';
export type { WebhookBody } from './body';
export type { MemorySeenStoreOptions, SeenStore } from './seen-store';
export { createMemorySeenStore } from './seen-store';
export type { SignWebhookUrlOptions } from './url-token';
export { signWebhookUrl } from './url-token';
export type { Store } from '../store/store';
