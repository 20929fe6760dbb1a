import { ConfigurationError } from '../errors/configuration-error';
import type { EntityEvent } from './entity';
import { createHandler, type HandlerCore, type HandlerOptions, integerOption } from './handler';
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

/** @internal Removes every string equal to `secret` (and object keys named `partner_token`), deeply. */
export function withoutSecret<T>(value: T, secret: string): T {
  const strip = (item: unknown): unknown => {
    if (item === secret) return undefined;
    if (Array.isArray(item)) return item.map((entry) => (entry === secret ? null : strip(entry)));
    if (item !== null && typeof item === 'object') {
      const out: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(item)) {
        if (name === 'partner_token' || entry === secret) continue;
        out[name] = strip(entry);
      }
      return out;
    }
    return item;
  };
  return strip(value) as T;
}

/** @internal Throws when callbacks are passed to a handler in inbox mode (they would never run). */
export function checkNoCallbacks(options: object, names: readonly string[]): void {
  const given = names.filter((name) => (options as Record<string, unknown>)[name] !== undefined);
  if (given.length > 0) {
    throw new ConfigurationError(
      'inbox',
      `With an inbox the handler only stores events; pass ${given.join(', ')} to createWebhookWorker from altegio-marketplace/redis instead.`,
    );
  }
}

function unavailable(): Response {
  return new Response(JSON.stringify({ error: 'inbox-unavailable' }), {
    status: 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' },
  });
}

/**
 * @internal The handler in inbox mode: the same transport checks and verification as direct mode, then
 * `inbox.put` instead of the callbacks. Every 500 of the core becomes 503: the only work it does is
 * storing, so a failure there means the event was not stored and must not be acknowledged.
 */
export function createInboxHandler<E extends InboxEvent['event']>(
  core: Pick<HandlerCore<E>, 'verify'>,
  options: HandlerOptions & { inbox: WebhookInbox },
  kind: InboxEvent['kind'],
  defaultTtlMs: number,
  clean: (event: E) => E = (event) => event,
): (request: Request) => Promise<Response> {
  const { inbox } = options;
  if (typeof inbox?.put !== 'function') {
    throw new ConfigurationError('inbox', 'inbox must have a put() method, e.g. createWebhookInbox(...).');
  }
  const ttl = integerOption('seenTtlMs', options.seenTtlMs, defaultTtlMs, 0);
  type Held = { event: E; key: string; dedupeMs: number };
  const handler = createHandler<Held>(
    {
      async verify(text, request) {
        const delivery = await core.verify(text, request);
        const held = { event: clean(delivery.event), key: delivery.key, dedupeMs: delivery.ttlMs ?? ttl };
        // ttlMs 0: the local seen store stays out of it; the inbox dedupes across instances.
        return { event: held, key: delivery.key, ttlMs: 0 };
      },
      async run(held) {
        await inbox.put({ kind, event: held.event, key: held.key, dedupeMs: held.dedupeMs } as InboxDelivery);
      },
    },
    options,
    defaultTtlMs,
  );
  return async (request) => {
    const response = await handler(request);
    return response.status === 500 ? unavailable() : response;
  };
}
