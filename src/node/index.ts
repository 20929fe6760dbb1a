/**
 * Adapter from the `altegio-marketplace/webhooks` handlers to node:http, Express and Fastify.
 *
 * @module altegio-marketplace/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Web handler, as made by `createLifecycleHandler` or `createEntityWebhookHandler`. */
export type WebHandler = (request: Request) => Promise<Response>;

/** The request as node:http and Express give it; `body` is what a body parser left there, if any. */
export type NodeRequest = IncomingMessage & {
  /** What a body parser (e.g. `express.json()`) left, if any; used when the stream was already read. */
  body?: unknown;
  /** The raw bytes a parser kept (string or Buffer), if any; preferred over `body`. */
  rawBody?: unknown;
  /** Express's full path and query, which it keeps when a router rewrites `url`. */
  originalUrl?: string;
};

/** The parts of a Fastify request the adapter reads. */
export interface FastifyLikeRequest {
  /** The node:http request underneath; its method, URL and headers are read from here. */
  raw: IncomingMessage;
  /** What Fastify's parser left, if any. */
  body?: unknown;
  /** The raw bytes a plugin (e.g. `fastify-raw-body`) kept, if any; preferred over `body`. */
  rawBody?: unknown;
}

/** The parts of a Fastify reply the adapter uses. */
export interface FastifyLikeReply {
  /** The node:http response underneath; checked so a reply already started is not answered twice. */
  raw: ServerResponse;
  /** Whether Fastify already sent the reply. */
  sent?: boolean;
  /** Sets the status code. */
  code(statusCode: number): unknown;
  /** Sets one response header. */
  header(name: string, value: string): unknown;
  /** Sends the body and ends the reply. */
  send(payload: string): unknown;
}

/**
 * What {@link toNodeHandler} returns: usable as a node:http request listener, an Express handler
 * `(req, res, next)`, and a Fastify route handler `(request, reply)`.
 */
export type NodeHandler = (
  req: NodeRequest | FastifyLikeRequest,
  res: ServerResponse | FastifyLikeReply,
  next?: (error?: unknown) => void,
) => Promise<void>;

// Connection-level headers describe the original transfer, not the body the Request will carry.
const skipped = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']);
// Methods `new Request` refuses; the handler would answer 405 to them anyway.
const forbidden = new Set(['CONNECT', 'TRACE', 'TRACK']);
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

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
function bodyOf(incoming: IncomingMessage, parsed: unknown, raw: unknown): BodyInit | null | undefined {
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
 * Wraps a Web handler for node:http, Express and Fastify.
 *
 * Works whether a framework already parsed the body (`express.json()`, Fastify's JSON parser: the
 * adapter uses `req.body`) or nobody read the stream (the adapter streams it to the handler, which
 * enforces its `maxBodyBytes`, refusing a larger `Content-Length` before reading). Raw bytes a parser
 * kept as `req.rawBody` (string or Buffer) are preferred over `req.body`. The handler sees
 * `http://localhost` plus the request's path and query as `request.url`: the Host header is not trusted.
 *
 * The returned function never rejects and never answers twice: it answers 405 to CONNECT/TRACE, 400 to
 * an unparseable request target or a parsed body it cannot serialise, and 500 `{"error":"internal"}` to
 * an unexpected failure (passed to Express's `next(error)` instead when there is one and nothing was
 * sent). Under Fastify, its own parser answers malformed JSON (400), unknown content types (415) and
 * bodies over its `bodyLimit` (413) before the handler runs. A body that trickles in under the limit is
 * bounded only by the server's `requestTimeout`.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createLifecycleHandler } from 'altegio-marketplace/webhooks';
 * import { toNodeHandler } from 'altegio-marketplace/node';
 *
 * const app = express();
 * app.post('/altegio/callback', toNodeHandler(createLifecycleHandler({ partnerToken, applicationId })));
 * ```
 */
export function toNodeHandler(handler: WebHandler): NodeHandler {
  return async (req, res, next) => {
    const fastify = typeof (res as FastifyLikeReply).code === 'function' && 'raw' in res;
    const incoming = ('raw' in req ? req.raw : req) as NodeRequest;
    const send = (status: number, headers: Headers | Record<string, string>, text: string) => {
      try {
        if (fastify) {
          const reply = res as FastifyLikeReply;
          if (reply.sent || reply.raw.headersSent) return;
          reply.code(status);
          new Headers(headers).forEach((value, name) => void reply.header(name, value));
          reply.send(text);
          return;
        }
        const response = res as ServerResponse;
        if (response.headersSent || response.writableEnded) return;
        response.statusCode = status;
        new Headers(headers).forEach((value, name) => void response.setHeader(name, value));
        response.end(text);
      } catch {
        // The response is already gone (headers sent, socket closed): nothing left to tell the sender.
      }
    };
    const fail = (status: number, error: string) => send(status, JSON_HEADERS, JSON.stringify({ error }));
    try {
      const method = (incoming.method ?? 'GET').toUpperCase();
      if (forbidden.has(method))
        return send(405, { ...JSON_HEADERS, allow: 'POST' }, '{"error":"method-not-allowed"}');
      // Express rewrites `url` inside routers; `originalUrl` keeps the full path and query.
      const target = incoming.originalUrl ?? incoming.url ?? '/';
      let url: URL;
      try {
        url = new URL(target.startsWith('/') ? `http://localhost${target}` : target);
      } catch {
        return fail(400, 'bad-request-target');
      }
      const body = method === 'GET' || method === 'HEAD' ? null : bodyOf(incoming, req.body, req.rawBody);
      if (body === undefined) return fail(400, 'malformed-body');
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value === undefined || skipped.has(name)) continue;
        // The original length holds only for the original bytes; the handler checks it before reading.
        if (name === 'content-length' && !(body instanceof ReadableStream)) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      const request = new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
      const response = await handler(request);
      send(response.status, response.headers, await response.text());
    } catch (error) {
      const sent = fastify ? (res as FastifyLikeReply).sent : (res as ServerResponse).headersSent;
      if (next && !fastify && !sent) {
        try {
          return next(error);
        } catch {
          // fall through to the plain 500
        }
      }
      fail(500, 'internal');
    }
  };
}
