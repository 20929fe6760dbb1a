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
