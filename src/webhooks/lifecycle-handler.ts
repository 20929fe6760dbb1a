import { digest } from '../core/crypto';
import type { Logger } from '../core/logger';
import { ConfigurationError } from '../errors/configuration-error';
import {
  callbackOption,
  createHandler,
  type HandlerOptions,
  handlerLogger,
  INBOX_CALLBACKS,
  type WebhookCallback,
} from './handler-core';
import type { InboxHandlerOptions } from './inbox';
import {
  checkLifecycleOptions,
  type FreezeEvent,
  type LifecycleEvent,
  type PaymentEvent,
  type UninstallEvent,
  type UnknownLifecycleEvent,
  type VerifyLifecycleOptions,
  verifyLifecycleChecked,
} from './lifecycle';

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
   * @default reports the event name and location to `logger.warn`
   */
  onUnknown?: WebhookCallback<UnknownLifecycleEvent>;
}

/**
 * @internal What runs for an unknown lifecycle event without `onUnknown` (the handler and the worker):
 * a warning with its name and location, never its body.
 */
export function warnUnknownLifecycle(logger: Logger): (event: UnknownLifecycleEvent) => void {
  return (event) =>
    logger.warn?.('altegio-marketplace: unknown lifecycle event', {
      name: event.name,
      locationId: event.locationId,
    });
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
 * @throws {ConfigurationError} when `partnerToken` is blank, `applicationId` is not a positive integer,
 * `maxBodyBytes` / `seenTtlMs` is not a valid integer, `logger` is not an object, a callback
 * (`onUninstall`, `onFreeze`, `onPayment`, `onUnknown`, `onError`) is not a function, `inbox` has no
 * `put()`, `seen` has no `has()`/`add()`, `store` is not a Store, or callbacks are passed together with
 * `inbox`. Each names the option.
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
  for (const name of ['onUninstall', 'onFreeze', 'onPayment', 'onUnknown'] as const) {
    callbackOption(name, options[name]);
  }
  const { inbox, partnerToken } = options;
  if (inbox && (options.onUninstall || options.onFreeze || options.onPayment || options.onUnknown)) {
    throw new ConfigurationError('inbox', INBOX_CALLBACKS);
  }
  const verifyOptions = { partnerToken: options.partnerToken, applicationId: options.applicationId };
  const logger = handlerLogger(options.logger);
  const onUnknown = options.onUnknown ?? warnUnknownLifecycle(logger);
  return createHandler<LifecycleEvent>(
    {
      async verify(text) {
        let event = await verifyLifecycleChecked(text, verifyOptions);
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
    { ...options, logger },
  );
}
