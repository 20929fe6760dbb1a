import { WebhookVerificationError } from '../errors/webhook-verification-error';
import { createMemorySeenStore, type SeenStore } from './seen-store';

/** Options both handlers share. */
export interface HandlerOptions {
  /**
   * Largest body accepted, in bytes; a larger one is refused with 400 while it is being read.
   * @default 65536
   */
  maxBodyBytes?: number;
  /**
   * Dedupe store; a delivery already seen gets 200 without running your callback again.
   * @default an in-memory store (`createMemorySeenStore()`)
   */
  seen?: SeenStore;
  /**
   * How long a processed delivery counts as seen, in milliseconds. Redeliveries come within minutes;
   * a real repeat of the same event (say, reinstall then uninstall) inside this window would be missed.
   * @default 900000 (15 minutes)
   */
  seenTtlMs?: number;
  /**
   * Called when your callback (or the seen store) throws; the handler still answers 500 without the
   * message, and Altegio may redeliver.
   * @default logs the error with `console.error`
   */
  onError?: (error: unknown) => void;
}

/** @internal */
export interface Delivery<E> {
  event: E;
  key: string;
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

class TooLarge extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

async function readText(request: Request, limit: number): Promise<string> {
  const length = Number(request.headers.get('content-length'));
  if (length > limit) throw new TooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading: a sender that streams megabytes costs us no more than the limit.
      await reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes);
}

const statusOf = (error: WebhookVerificationError) => (error.reason === 'malformed-body' ? 400 : 401);

/** @internal Turns a core into `(Request) => Promise<Response>` with the status codes of the contract. */
export function createHandler<E>(
  core: HandlerCore<E>,
  options: HandlerOptions,
): (request: Request) => Promise<Response> {
  const limit = options.maxBodyBytes ?? 65_536;
  const seen = options.seen ?? createMemorySeenStore();
  const ttl = options.seenTtlMs ?? 900_000;
  const onError =
    options.onError ??
    ((error: unknown) => console.error('altegio-marketplace: webhook callback failed', error));
  // Deliveries being processed right now: an identical one waits for the first instead of running twice.
  const inFlight = new Map<string, Promise<boolean>>();

  const process = async (delivery: Delivery<E>): Promise<boolean> => {
    if (await seen.has(delivery.key)) return true;
    await core.run(delivery.event);
    // Marked only after the callback resolved, so a failed delivery runs again when redelivered.
    await seen.add(delivery.key, ttl);
    return false;
  };

  return async (request) => {
    if (request.method !== 'POST') return reply(405, { error: 'method-not-allowed' }, { allow: 'POST' });
    if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
      return reply(415, { error: 'unsupported-media-type' });
    }
    let delivery: Delivery<E>;
    try {
      delivery = await core.verify(await readText(request, limit), request);
    } catch (error) {
      if (error instanceof TooLarge) return reply(400, { error: 'body-too-large' });
      if (error instanceof WebhookVerificationError) return reply(statusOf(error), { error: error.reason });
      if (error instanceof TypeError) return reply(400, { error: 'malformed-body' }); // invalid UTF-8, broken stream
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
}
