/**
 * Adapter from the `altegio-marketplace/webhooks` handlers to node:http, Express and Fastify.
 *
 * @module altegio-marketplace/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Web handler, as made by `createLifecycleHandler` or `createEntityWebhookHandler`. */
export type WebHandler = (request: Request) => Promise<Response>;

/** The request as node:http and Express give it; `body` is what a body parser left there, if any. */
export type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown; originalUrl?: string };

/** The parts of a Fastify request the adapter reads. */
export interface FastifyLikeRequest {
  raw: IncomingMessage;
  body?: unknown;
  rawBody?: unknown;
}

/** The parts of a Fastify reply the adapter uses. */
export interface FastifyLikeReply {
  raw: ServerResponse;
  code(statusCode: number): unknown;
  header(name: string, value: string): unknown;
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

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /**
   * Largest body read from an unread stream, in bytes; a larger one gets 400 without reaching the
   * handler. Keep it equal to the handler's own `maxBodyBytes`.
   * @default 65536
   */
  maxBodyBytes?: number;
}

// Connection-level headers describe the original transfer, not the body the Request will carry.
const skipped = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
]);

function isFastify(res: ServerResponse | FastifyLikeReply): res is FastifyLikeReply {
  return typeof (res as FastifyLikeReply).code === 'function' && 'raw' in res;
}

class TooLarge extends Error {}

async function readStream(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function bodyOf(
  incoming: IncomingMessage,
  parsed: unknown,
  raw: unknown,
  limit: number,
): Promise<BodyInit | null> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return null;
  // Raw bytes a parser kept (`express.json({ verify })` storing `req.rawBody`, fastify-raw-body):
  // best of all, since they keep the sender's number formatting for a payment `sign`.
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return new Uint8Array(raw);
  // A body parser ran first: Altegio's checks sit inside the JSON, so re-serialising loses nothing
  // they need, except a decimal written with trailing zeros (`100.50`) in a payment signed over that
  // text: keep raw bytes for the callback route if Altegio signs such amounts.
  if (typeof parsed === 'string') return parsed;
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  if (parsed !== undefined && parsed !== null) return JSON.stringify(parsed);
  // Nobody read the stream (or a parser consumed it and left nothing).
  if (incoming.readableEnded) return null;
  return new Uint8Array(await readStream(incoming, limit));
}

function toRequest(incoming: IncomingMessage & { originalUrl?: string }, body: BodyInit | null): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined || skipped.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const secure = (incoming.socket as { encrypted?: boolean } | null)?.encrypted === true;
  // Express rewrites `url` inside routers; `originalUrl` keeps the full path and query.
  const url = new URL(
    incoming.originalUrl ?? incoming.url ?? '/',
    `${secure ? 'https' : 'http'}://${incoming.headers.host ?? 'localhost'}`,
  );
  return new Request(url, { method: incoming.method ?? 'GET', headers, body });
}

/**
 * Wraps a Web handler for node:http, Express and Fastify.
 *
 * Works whether a framework already parsed the body (`express.json()`, Fastify's JSON parser: the
 * adapter uses `req.body`) or nobody read the stream (the adapter reads it, up to `maxBodyBytes`).
 * Raw bytes a parser kept as `req.rawBody` (string or Buffer) are preferred over `req.body`.
 *
 * The returned function never rejects: an unexpected failure goes to Express's `next(error)` when
 * there is one, and is answered 500 otherwise.
 * Under Fastify, its own parser answers malformed JSON (400), unknown content types (415) and bodies
 * over its `bodyLimit` (413) before the handler runs.
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
export function toNodeHandler(handler: WebHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const limit = options.maxBodyBytes ?? 65_536;
  return async (req, res, next) => {
    const fastify = isFastify(res);
    const incoming = ('raw' in req ? req.raw : req) as NodeRequest;
    const send = (status: number, headers: Headers, text: string) => {
      if (isFastify(res)) {
        res.code(status);
        headers.forEach((value, name) => void res.header(name, value));
        res.send(text);
        return;
      }
      res.statusCode = status;
      headers.forEach((value, name) => void res.setHeader(name, value));
      res.end(text);
    };
    try {
      let body: BodyInit | null;
      try {
        body = await bodyOf(incoming, req.body, req.rawBody, limit);
      } catch (error) {
        if (!(error instanceof TooLarge)) throw error;
        const headers = new Headers({
          'content-type': 'application/json; charset=utf-8',
          connection: 'close',
        });
        send(400, headers, JSON.stringify({ error: 'body-too-large' }));
        return;
      }
      const response = await handler(toRequest(incoming, body));
      send(response.status, response.headers, await response.text());
    } catch (error) {
      if (next && !fastify) return next(error);
      send(
        500,
        new Headers({ 'content-type': 'application/json; charset=utf-8' }),
        JSON.stringify({ error: 'internal' }),
      );
    }
  };
}
