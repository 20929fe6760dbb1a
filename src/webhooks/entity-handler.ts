import { digest } from '../core/crypto';
import { WEBHOOK_DEFAULTS } from '../core/defaults';
import { ConfigurationError } from '../errors/configuration-error';
import { type EntityEvent, verifyEntityChecked } from './entity';
import {
  callbackOption,
  createHandler,
  inboxOption,
  type HandlerOptions,
  INBOX_CALLBACKS,
  type WebhookCallback,
} from './handler-core';
import type { InboxHandlerOptions } from './inbox';
import { checkSecret } from './url-token';

/** Options of {@link createEntityWebhookHandler}. */
export interface EntityWebhookHandlerOptions extends HandlerOptions, InboxHandlerOptions {
  /** The secret the webhook URLs were signed with ({@link signWebhookUrl}). */
  secret: string;
  /** Runs for every verified entity event; omit it when `inbox` is set (the worker takes it). */
  on?: WebhookCallback<EntityEvent>;
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
 * @throws {ConfigurationError} when `secret` is shorter than 16 characters, or `maxBodyBytes` /
 * `seenTtlMs` is not a valid integer, `logger` is not an object, `on` or `onError` is not a function,
 * `inbox` has no `put()`, `seen` has no `has()`/`add()`, `store` is not a Store, or not exactly one of
 * `on` and `inbox` is given. Each names the option.
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
  callbackOption('on', on);
  inboxOption(inbox);
  if (!inbox === !on) {
    throw new ConfigurationError(inbox ? 'inbox' : 'on', inbox ? INBOX_CALLBACKS : 'Pass on(event).');
  }
  return createHandler(
    {
      async verify(text, request) {
        const event = await verifyEntityChecked(text, { secret, url: request.url });
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
    WEBHOOK_DEFAULTS.entitySeenTtlMs,
  );
}
