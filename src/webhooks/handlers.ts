import { checkSecret, type EntityEvent, verifyEntityEvent } from './entity';
import { createHandler, type HandlerOptions } from './handler';
import { digest } from '../core/crypto';
import type { InboxHandlerOptions } from './inbox';
import { ConfigurationError } from '../errors/configuration-error';
import {
  checkLifecycleOptions,
  type FreezeEvent,
  type LifecycleEvent,
  type PaymentEvent,
  type UninstallEvent,
  type UnknownLifecycleEvent,
  type VerifyLifecycleOptions,
  verifyLifecycleEvent,
} from './lifecycle';

const INBOX_CALLBACKS = 'With an inbox, pass the callbacks to createWebhookWorker.';

/**
 * A callback the handlers run with a verified event; it may be sync or async, and the handler answers
 * once it has resolved (500 when it throws or rejects).
 */
export type WebhookCallback<E> = (event: E) => unknown;

/** Options of {@link createLifecycleHandler}. Every callback is optional; an event without one is acknowledged. */
export interface LifecycleHandlerOptions extends VerifyLifecycleOptions, HandlerOptions, InboxHandlerOptions {
  /**
   * Runs for `uninstall`: the location disabled the app; stop serving it (API access is gone).
   * @default none (the event is acknowledged)
   */
  onUninstall?: WebhookCallback<UninstallEvent>;
  /**
   * Runs for `freeze`: the paid period ran out; suspend, keep the data.
   * @default none (the event is acknowledged)
   */
  onFreeze?: WebhookCallback<FreezeEvent>;
  /**
   * Runs for `payment`, after its `sign` was verified.
   * @default none (the event is acknowledged)
   */
  onPayment?: WebhookCallback<PaymentEvent>;
  /**
   * Runs for a verified event whose `event` value this SDK does not know; the handler answers 200.
   * @default logs the event name and location with `console.warn`
   */
  onUnknown?: WebhookCallback<UnknownLifecycleEvent>;
}

/** Options of {@link createEntityWebhookHandler}. */
export interface EntityWebhookHandlerOptions extends HandlerOptions, InboxHandlerOptions {
  /** The secret the webhook URLs were signed with ({@link signWebhookUrl}). */
  secret: string;
  /** Runs for every verified entity event; omit it when `inbox` is set (the worker takes it). */
  on?: WebhookCallback<EntityEvent>;
}

/**
 * Creates a `(Request) => Promise<Response>` receiver for the lifecycle webhooks Altegio posts to your
 * app's callback URL.
 *
 * Answers 405 to a method other than POST, 415 to a non-JSON content type, 400 to a malformed or
 * oversized body (the limit is enforced while reading), 401 when `partner_token`, `application_id` or a
 * payment's `sign` do not verify, 200 once your callback resolved, and 500 (without the error's message)
 * when it throws. Never rejects. A delivery arriving while an identical one still runs waits for it; a
 * repeated `payment` (same `payment_id`) within `seenTtlMs` is acknowledged without running the callback.
 * `uninstall` and `freeze` are only held back while in flight: a real repeat (uninstall, reinstall,
 * uninstall) always reaches your callback, so make those callbacks idempotent. A failed delivery runs
 * again when Altegio redelivers.
 *
 * With `inbox` (inbox mode), the handler verifies, stores the event and answers 200 at once, or 503 when
 * the inbox cannot store it; `createWebhookWorker` runs the callbacks (see docs/durable-webhooks.md).
 *
 * @throws {ConfigurationError} when `partnerToken` is empty, `applicationId` is not an integer,
 * `maxBodyBytes` / `seenTtlMs` is not a valid integer, or callbacks are passed together with `inbox`.
 * @example
 * ```ts
 * const lifecycle = createLifecycleHandler({
 *   partnerToken: process.env.ALTEGIO_PARTNER_TOKEN!,
 *   applicationId: 123,
 *   async onUninstall(event) { await db.locations.disable(event.locationId); },
 * });
 * // Hono, Next.js route handlers, Bun, Deno: export const POST = lifecycle;
 * ```
 */
export function createLifecycleHandler(
  options: LifecycleHandlerOptions,
): (request: Request) => Promise<Response> {
  checkLifecycleOptions(options);
  const { inbox, partnerToken } = options;
  if (inbox && (options.onUninstall || options.onFreeze || options.onPayment || options.onUnknown)) {
    throw new ConfigurationError('inbox', INBOX_CALLBACKS);
  }
  const verifyOptions = { partnerToken: options.partnerToken, applicationId: options.applicationId };
  const onUnknown =
    options.onUnknown ??
    ((event: UnknownLifecycleEvent) =>
      console.warn(
        `altegio-marketplace: unknown lifecycle event "${event.name}" for location ${event.locationId}`,
      ));
  return createHandler<LifecycleEvent>(
    {
      async verify(text) {
        let event = await verifyLifecycleEvent(text, verifyOptions);
        // Stored events must not hold the partner token: the event lacks partner_token; drop any copy.
        if (inbox) event = JSON.parse(JSON.stringify(event, (_, v) => (v === partnerToken ? undefined : v)));
        const key = `lifecycle:${event.applicationId}:${event.locationId}:${event.event}`;
        // uninstall and freeze are idempotent state changes that can truly repeat (uninstall, reinstall,
        // uninstall): only an identical delivery in flight is held back, nothing is remembered.
        if (event.event === 'uninstall' || event.event === 'freeze') return { event, key, ttlMs: 0 };
        if (event.event === 'payment') return { event, key: `${key}:${event.paymentId}` };
        // JSON.stringify may throw a RangeError on absurd nesting: the handler answers 400.
        return { event, key: `${key}:${await digest(`${event.name}\u0000${JSON.stringify(event.fields)}`)}` };
      },
      kind: 'lifecycle',
      run(event) {
        switch (event.event) {
          case 'uninstall':
            return options.onUninstall?.(event);
          case 'freeze':
            return options.onFreeze?.(event);
          case 'payment':
            return options.onPayment?.(event);
          default:
            return onUnknown(event);
        }
      },
    },
    options,
  );
}

/**
 * Creates a `(Request) => Promise<Response>` receiver for entity webhooks (appointments, clients,
 * team members, services, ...) sent to URLs made by {@link signWebhookUrl}.
 *
 * Status codes as for {@link createLifecycleHandler}; 401 when the URL's token is missing, wrong, or
 * for another location than the body's `company_id` (or than `data.company_id`, when present).
 * Duplicates (same location, resource, id, status and data) within `seenTtlMs` (1 minute by default)
 * reach `on` once; the same data later (A → B → A) reaches it again.
 *
 * With `inbox`, it stores the event and answers 200 (503 when it cannot) instead of calling `on`.
 *
 * @throws {ConfigurationError} when `secret` is shorter than 16 characters, `maxBodyBytes` /
 * `seenTtlMs` is not a valid integer, or not exactly one of `on` and `inbox` is given.
 * @example
 * ```ts
 * const entities = createEntityWebhookHandler({
 *   secret: process.env.WEBHOOK_SECRET!,
 *   on(event) { if (event.resource === 'record') queue.push(event); },
 * });
 * ```
 */
export function createEntityWebhookHandler(
  options: EntityWebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  checkSecret(options.secret);
  const { secret, on, inbox } = options;
  if (!inbox === !on)
    throw new ConfigurationError(inbox ? 'inbox' : 'on', inbox ? INBOX_CALLBACKS : 'Pass on(event).');
  return createHandler(
    {
      async verify(text, request) {
        const event = await verifyEntityEvent(text, { secret, url: request.url });
        // An unknown resource name comes from the body (up to maxBodyBytes): hashed, so keys stay short.
        const resource =
          event.resource === 'unknown' ? `unknown-${await digest(event.name)}` : event.resource;
        const hash = await digest(JSON.stringify(event.data) ?? '');
        return {
          event,
          key: `entity:${event.locationId}:${resource}:${event.resourceId}:${event.status}:${hash}`,
        };
      },
      kind: 'entity',
      run: (event) => on?.(event),
    },
    options,
    // Short: the same data can legitimately come back (A → B → A) and must not be swallowed.
    60_000,
  );
}
