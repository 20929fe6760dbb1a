import type { IncomingMessage } from 'node:http';
import type { NodeRequest } from './types';

// node:http request → Web Request: the body (stream, or what a framework's parser left), headers, URL.

// Connection-level headers describe the original transfer, not the body the Request will carry.
const skipped = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']);

/**
 * The unread request as a Web stream, read only when the handler pulls (so a request answered without
 * reading is drained by Node as usual). Cancelling stops reading without destroying the socket, so the
 * handler's 400 still reaches the sender.
 */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let controller: ReadableStreamDefaultController<Uint8Array>;
  let state: 'idle' | 'reading' | 'done' = 'idle';
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    req.pause(); // until the handler pulls again
  };
  const onEnd = () => finish(() => controller.close());
  const onError = (error: unknown) => finish(() => controller.error(error));
  const onClose = () => !req.readableEnded && onError(new Error('request closed before its end'));
  const finish = (then: () => void) => {
    if (state === 'done') return;
    state = 'done';
    req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    req.pause();
    then();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (state === 'idle') {
          state = 'reading';
          req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
        }
        if (state === 'reading') req.resume();
      },
      cancel: () => finish(() => {}),
    },
    { highWaterMark: 0 },
  );
}

/**
 * The body to hand over: bytes a parser kept (`req.rawBody`), else what a parser left in `req.body` if
 * one really consumed the stream, else the stream itself. Express 4's parsers set `req.body = {}` for a
 * content type they skip without reading, so `req.body` alone proves nothing.
 */
export function bodyOf(
  incoming: IncomingMessage,
  parsed: unknown,
  raw: unknown,
): BodyInit | null | undefined {
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return new Uint8Array(raw);
  const consumed =
    incoming.readableEnded || incoming.readableDidRead || (incoming as { _body?: unknown })._body === true;
  if (!consumed) return streamOf(incoming);
  // Altegio's checks sit inside the JSON, so re-serialising loses nothing they need, except a decimal
  // written with trailing zeros (`100.50`) in a payment's sign: keep raw bytes for the callback route.
  if (typeof parsed === 'string') return parsed;
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  if (parsed === undefined || parsed === null) return null;
  try {
    return JSON.stringify(parsed);
  } catch {
    return undefined; // nested too deeply to serialise (RangeError): the sender's fault
  }
}

/**
 * @internal The Web Request for a node:http request, or the error code to answer 400 with. The URL is
 * `http://localhost` plus the path and query: the Host header is not trusted.
 */
export function toWebRequest(
  incoming: NodeRequest,
  method: string,
  parsed: unknown,
  raw: unknown,
): Request | 'bad-request-target' | 'malformed-body' {
  // Express rewrites `url` inside routers; `originalUrl` keeps the full path and query.
  const target = incoming.originalUrl ?? incoming.url ?? '/';
  let url: URL;
  try {
    url = new URL(target.startsWith('/') ? `http://localhost${target}` : target);
  } catch {
    return 'bad-request-target';
  }
  const body = method === 'GET' || method === 'HEAD' ? null : bodyOf(incoming, parsed, raw);
  if (body === undefined) return 'malformed-body';
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined || skipped.has(name)) continue;
    // The original length holds only for the original bytes; the handler checks it before reading.
    if (name === 'content-length' && !(body instanceof ReadableStream)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
}
