import { WEBHOOK_DEFAULTS } from '../core/defaults';
import { integerOption } from '../core/rules';
import { guardLogger, type Logger } from '../core/logger';
import { ConfigurationError } from '../errors/configuration-error';
import { WebhookVerificationError } from '../errors/webhook-verification-error';
import { BadBody, readText } from './read-request';
import type { InboxDelivery, InboxEvent, InboxHandlerOptions } from './inbox';
import { createMemorySeenStore, type SeenStore } from './seen-store';
import { claimDelivery, type EndClaim } from '../store/seen';
import { checkStore, type Store } from '../store/store';

// The one handler core: HTTP checks, body limit, dedupe and status codes. The lifecycle and entity
// handlers only supply `verify` and `run`.

/**
 * A callback the handlers run with a verified event; it may be sync or async, and the handler answers
 * once it has resolved (500 when it throws or rejects).
 */
export type WebhookCallback<E> = (event: E) => unknown;

/** @internal The message when callbacks are given beside an inbox. */
export const INBOX_CALLBACKS = 'With an inbox, pass the callbacks to createWebhookWorker.';

/** Options both handlers share. */
export interface HandlerOptions {
  /**
   * Largest body accepted, in bytes: a larger `Content-Length` is refused with 400 before reading, and
   * a body without one is cut off with 400 once it passes the limit. A positive integer.
   * @default {@link WEBHOOK_DEFAULTS}`.maxBodyBytes` (65536)
   */
  maxBodyBytes?: number;
  /**
   * Dedupe store; a delivery already seen gets 200 without running your callback again.
   * @default an in-memory store (`createMemorySeenStore()`)
   */
  seen?: SeenStore;
  /**
   * Shared store (e.g. `createRedisStore({ client })` from `altegio-marketplace/redis`) that dedupes
   * deliveries across every instance of your backend: one that another instance is running waits for
   * it, and one that another instance processed within `seenTtlMs` is acknowledged as a duplicate.
   * @default none (dedupe within this process only)
   */
  store?: Store;
  /**
   * How long a processed delivery counts as seen, in milliseconds (a non-negative integer; 0 keeps
   * only the dedupe of deliveries that arrive while the first still runs). Applies to `payment` and
   * unknown lifecycle events and to entity events; `uninstall` and `freeze` are only deduped while in
   * flight, so a real repeat is never swallowed.
   * @default {@link WEBHOOK_DEFAULTS}: `lifecycleSeenTtlMs` (900000, 15 minutes) for lifecycle
   * handlers, `entitySeenTtlMs` (60000, 1 minute) for entity handlers
   */
  seenTtlMs?: number;
  /**
   * Called when your callback, the seen store or the handler itself fails unexpectedly. The handler
   * still answers (500 without the message when your callback failed, so Altegio may redeliver).
   * @default reports the error to `logger.error`
   */
  onError?: (error: unknown) => void;
  /**
   * Where the handler reports what nobody else hears of: failures (without `onError`) go to `error`,
   * unknown lifecycle events (without `onUnknown`) to `warn`. A logger that throws is ignored; `{}`
   * silences the handler.
   * @default console
   */
  logger?: Logger;
}

/** @internal */
export interface Delivery<E> {
  event: E;
  key: string;
  /** Overrides `seenTtlMs`; 0 dedupes only deliveries in flight (nothing is written to the store). */
  ttlMs?: number;
}

/** @internal What one handler does once the transport checks passed. */
export interface HandlerCore<E> {
  /** Verifies the body (may throw WebhookVerificationError) and gives the event and its dedupe key. */
  verify(text: string, request: Request): Promise<Delivery<E>>;
  /** Runs the user's callback. */
  run(event: E): unknown;
  /** What an inbox stores the events as; set by both handlers. */
  kind?: InboxEvent['kind'];
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function reply(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** @internal Checks a `logger` option once and guards it; `undefined` means `console`. */
export function handlerLogger(logger: unknown): Logger {
  if (logger === undefined) return guardLogger(console) ?? {};
  if (typeof logger !== 'object' || logger === null) {
    throw new ConfigurationError(
      'logger',
      '`logger` must be an object with error/warn methods (console fits).',
    );
  }
  return guardLogger(logger as Logger) ?? {};
}

/** @internal Checks an optional callback option once: absent, or a function. */
export function callbackOption(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new ConfigurationError(name, `\`${name}\` must be a function (it was ${typeof value}).`);
  }
}

/** @internal Checks an optional `inbox` option once: absent, or an object with `put()`. */
export function inboxOption(inbox: unknown): void {
  if (inbox !== undefined && typeof (inbox as { put?: unknown } | null)?.put !== 'function') {
    throw new ConfigurationError(
      'inbox',
      '`inbox` must be a WebhookInbox with put(), e.g. createWebhookInbox({ connection }) from altegio-marketplace/redis.',
    );
  }
}

/** Checks the options every handler shares, at build, so a bad one never becomes a 500 per delivery. */
function checkSharedOptions(options: HandlerOptions & InboxHandlerOptions): void {
  callbackOption('onError', options.onError);
  inboxOption((options as { inbox?: unknown }).inbox);
  const { seen } = options as { seen?: unknown };
  const s = seen as { has?: unknown; add?: unknown } | null | undefined;
  if (seen !== undefined && (typeof s?.has !== 'function' || typeof s?.add !== 'function')) {
    throw new ConfigurationError(
      'seen',
      '`seen` must be a SeenStore with has() and add(), e.g. createMemorySeenStore().',
    );
  }
}

const statusOf = (error: WebhookVerificationError) => (error.reason === 'malformed-body' ? 400 : 401);

/**
 * The HTTP checks, the body read within `limit` and the core's verification: a delivery, or the
 * answer that refuses the request (405, 415, 400, 401). Anything unexpected is thrown.
 */
async function accept<E>(
  core: HandlerCore<E>,
  request: Request,
  limit: number,
): Promise<Delivery<E> | Response> {
  if (request.method !== 'POST') return reply(405, { error: 'method-not-allowed' }, { allow: 'POST' });
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    return reply(415, { error: 'unsupported-media-type' });
  }
  try {
    return await core.verify(await readText(request, limit), request);
  } catch (error) {
    // A sender that announced too much may still be sending: close rather than drain it.
    if (error instanceof BadBody) {
      const close = error.code === 'body-too-large' ? { connection: 'close' } : undefined;
      return reply(400, { error: error.code }, close);
    }
    if (error instanceof WebhookVerificationError) return reply(statusOf(error), { error: error.reason });
    // JSON nested too deeply for JSON.stringify (hashing the dedupe key): the input's fault.
    if (error instanceof RangeError) return reply(400, { error: 'malformed-body' });
    throw error;
  }
}

/**
 * @internal Turns a core into `(Request) => Promise<Response>` with the status codes of the contract.
 * The result never rejects: anything unexpected goes to `onError` and is answered 500.
 */
export function createHandler<E>(
  core: HandlerCore<E>,
  options: HandlerOptions & InboxHandlerOptions,
  defaultTtlMs: number = WEBHOOK_DEFAULTS.lifecycleSeenTtlMs,
): (request: Request) => Promise<Response> {
  checkSharedOptions(options);
  const limit = integerOption('maxBodyBytes', options.maxBodyBytes, WEBHOOK_DEFAULTS.maxBodyBytes, 1);
  const ttl = integerOption('seenTtlMs', options.seenTtlMs, defaultTtlMs, 0);
  const seen = options.seen ?? createMemorySeenStore();
  const logger = handlerLogger(options.logger);
  const { inbox } = options;
  // Never 2xx for an event the inbox did not store: 503, so the sender may try again later.
  const failed = () =>
    inbox
      ? reply(503, { error: 'inbox-unavailable' }, { 'retry-after': '5' })
      : reply(500, { error: 'callback-failed' });
  const store = checkStore('store', options.store);
  const userOnError =
    options.onError ??
    ((error: unknown) => logger.error?.('altegio-marketplace: webhook callback failed', { error }));
  const onError = (error: unknown) => {
    try {
      userOnError(error);
    } catch {
      // A throwing onError must not turn an answer into a rejection.
    }
  };
  // Deliveries being processed right now: an identical one waits for the first instead of running twice.
  const inFlight = new Map<string, Promise<boolean>>();

  const deliver = async (delivery: Delivery<E>): Promise<boolean> => {
    const keep = delivery.ttlMs ?? ttl;
    // Inbox mode: storing is the whole job (dedupe included); a failure is answered 503 below.
    if (inbox) {
      const { event, key } = delivery;
      return (
        (await inbox.put({ kind: core.kind, event, key, dedupeMs: keep } as InboxDelivery)) === 'duplicate'
      );
    }
    if (keep > 0 && (await seen.has(delivery.key))) return true;
    // With a shared store, an identical delivery running on another instance is held back too.
    const end: EndClaim | undefined = store && (await claimDelivery(store, delivery.key));
    if (store && !end) return true;
    try {
      await core.run(delivery.event);
    } catch (error) {
      await end?.(0);
      throw error;
    }
    await end?.(keep || 5_000);
    // Marked only after the callback resolved, so a failed delivery runs again when redelivered. A store
    // that fails here does not turn the success into a 500 (which would run the callback again).
    if (keep > 0) {
      try {
        await seen.add(delivery.key, keep);
      } catch (error) {
        onError(error);
      }
    }
    return false;
  };

  const handle = async (request: Request): Promise<Response> => {
    const delivery = await accept(core, request, limit);
    if (delivery instanceof Response) return delivery;
    const waiting = inFlight.get(delivery.key);
    if (waiting) {
      // Mirrors the first delivery's outcome: 200 once it succeeded, 500 (503 with an inbox) if it failed.
      return waiting.then(() => reply(200, { ok: true, duplicate: true }), failed);
    }
    const running = deliver(delivery);
    inFlight.set(delivery.key, running);
    try {
      const duplicate = await running;
      return reply(200, duplicate ? { ok: true, duplicate: true } : { ok: true });
    } catch (error) {
      onError(error);
      return failed();
    } finally {
      inFlight.delete(delivery.key);
    }
  };

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      onError(error);
      return reply(500, { error: 'internal' });
    }
  };
}
