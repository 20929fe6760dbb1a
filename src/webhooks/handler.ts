import { ConfigurationError } from '../errors/configuration-error';
import { WebhookVerificationError } from '../errors/webhook-verification-error';
import { utf8 } from './schema';
import { createMemorySeenStore, type SeenStore } from './seen-store';
import { claimDelivery, type EndClaim } from '../store/seen';
import { checkStore, type Store } from '../store/store';

/** Options both handlers share. */
export interface HandlerOptions {
  /**
   * Largest body accepted, in bytes: a larger `Content-Length` is refused with 400 before reading, and
   * a body without one is cut off with 400 once it passes the limit. A positive integer.
   * @default 65536
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
   * @default 900000 (15 minutes) for lifecycle handlers, 60000 (1 minute) for entity handlers
   */
  seenTtlMs?: number;
  /**
   * Called when your callback, the seen store or the handler itself fails unexpectedly. The handler
   * still answers (500 without the message when your callback failed, so Altegio may redeliver).
   * @default logs the error with `console.error`
   */
  onError?: (error: unknown) => void;
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

/** @internal Checks a numeric option once; `min` 1 for sizes, 0 for durations. */
export function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigurationError(
      name,
      `${name} must be an integer of at least ${min}; got ${String(value)}.`,
    );
  }
  return value;
}

/** The body is the sender's fault: too large, unreadable, or broken mid-stream. */
class BadBody extends Error {
  constructor(readonly code: 'body-too-large' | 'malformed-body') {
    super(code);
  }
}

async function readText(request: Request, limit: number): Promise<string> {
  // Refused before reading: a sender announcing megabytes and then trickling bytes holds nothing.
  if (Number(request.headers.get('content-length')) > limit) throw new BadBody('body-too-large');
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new BadBody('malformed-body'); // the client went away mid-body
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading: a sender that streams megabytes costs us no more than the limit.
      await reader.cancel().catch(() => {});
      throw new BadBody('body-too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BadBody('malformed-body');
  }
}

const statusOf = (error: WebhookVerificationError) => (error.reason === 'malformed-body' ? 400 : 401);

/**
 * @internal Turns a core into `(Request) => Promise<Response>` with the status codes of the contract.
 * The result never rejects: anything unexpected goes to `onError` and is answered 500.
 */
export function createHandler<E>(
  core: HandlerCore<E>,
  options: HandlerOptions,
  defaultTtlMs = 900_000,
): (request: Request) => Promise<Response> {
  const limit = integerOption('maxBodyBytes', options.maxBodyBytes, 65_536, 1);
  const ttl = integerOption('seenTtlMs', options.seenTtlMs, defaultTtlMs, 0);
  const seen = options.seen ?? createMemorySeenStore();
  const store = checkStore('store', options.store);
  const userOnError =
    options.onError ??
    ((error: unknown) => console.error('altegio-marketplace: webhook callback failed', error));
  const onError = (error: unknown) => {
    try {
      userOnError(error);
    } catch {
      // A throwing onError must not turn an answer into a rejection.
    }
  };
  // Deliveries being processed right now: an identical one waits for the first instead of running twice.
  const inFlight = new Map<string, Promise<boolean>>();

  const process = async (delivery: Delivery<E>): Promise<boolean> => {
    const keep = delivery.ttlMs ?? ttl;
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
    if (request.method !== 'POST') return reply(405, { error: 'method-not-allowed' }, { allow: 'POST' });
    if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
      return reply(415, { error: 'unsupported-media-type' });
    }
    let delivery: Delivery<E>;
    try {
      delivery = await core.verify(await readText(request, limit), request);
    } catch (error) {
      // A sender that announced too much may still be sending: close rather than drain it.
      if (error instanceof BadBody) {
        return reply(
          400,
          { error: error.code },
          error.code === 'body-too-large' ? { connection: 'close' } : {},
        );
      }
      if (error instanceof WebhookVerificationError) return reply(statusOf(error), { error: error.reason });
      // JSON nested too deeply for JSON.stringify (hashing the dedupe key): the input's fault.
      if (error instanceof RangeError) return reply(400, { error: 'malformed-body' });
      throw error;
    }
    const waiting = inFlight.get(delivery.key);
    if (waiting) {
      // Mirrors the first delivery's outcome: 200 once it succeeded, 500 (so Altegio retries) if it failed.
      return waiting.then(
        () => reply(200, { ok: true, duplicate: true }),
        () => reply(500, { error: 'callback-failed' }),
      );
    }
    const running = process(delivery);
    inFlight.set(delivery.key, running);
    try {
      const duplicate = await running;
      return reply(200, duplicate ? { ok: true, duplicate: true } : { ok: true });
    } catch (error) {
      onError(error);
      return reply(500, { error: 'callback-failed' });
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
