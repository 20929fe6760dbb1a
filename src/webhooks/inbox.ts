import type { EntityEvent } from './entity';
import type { LifecycleEvent } from './lifecycle';

/** A verified event as an inbox stores it: which handler received it, and the event itself. */
export type InboxEvent =
  | {
      /** Received by {@link createLifecycleHandler}. */
      kind: 'lifecycle';
      /** The verified event (never the raw body: no partner token, no `sign`). */
      event: LifecycleEvent;
    }
  | {
      /** Received by {@link createEntityWebhookHandler}. */
      kind: 'entity';
      /** The verified event (the URL token is not part of it). */
      event: EntityEvent;
    };

/** What a handler in inbox mode hands to {@link WebhookInbox.put}. */
export type InboxDelivery = InboxEvent & {
  /**
   * Dedupe key built from the event (location, event, payment id or a hash of the data); at most a few
   * hundred ASCII characters, never a secret.
   */
  key: string;
  /**
   * How long an identical delivery counts as a duplicate, in milliseconds from its receipt. 0 for
   * `uninstall` and `freeze`: they are deduped only while the first is still stored and not yet
   * finished, so a real repeat (uninstall, reinstall, uninstall) reaches your callback again.
   */
  dedupeMs: number;
};

/**
 * Durable storage for verified webhook events, shared by every instance of your backend. With one, a
 * handler verifies a delivery, calls `put`, and answers 200 as soon as `put` resolved; a worker runs your
 * callbacks later. `createWebhookInbox` from `altegio-marketplace/redis` is the implementation on
 * Redis (BullMQ); any object with this method works.
 *
 * `put` resolves once the event is stored (`'stored'`), or once it found an identical delivery within
 * its dedupe window (`'duplicate'`). It rejects when it cannot store the event: the handler then answers
 * 503 and runs nothing, so Altegio may redeliver.
 */
export interface WebhookInbox {
  /** Stores one verified event, or recognises it as a duplicate. */
  put(delivery: InboxDelivery): Promise<'stored' | 'duplicate'>;
}

/** The `inbox` option both handlers take. */
export interface InboxHandlerOptions {
  /**
   * Where verified events are stored durably (inbox mode). The handler then answers 200 once the event
   * is stored and runs no callback itself: pass your callbacks to `createWebhookWorker` instead. When
   * the inbox cannot store an event, the handler answers 503 (`{"error":"inbox-unavailable"}`).
   * @default none: direct mode, the handler runs your callbacks before it answers
   */
  inbox?: WebhookInbox;
}
