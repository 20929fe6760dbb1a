import { toWebRequest } from './read-body';
import { answered, isFastifyReply, send } from './send';
import type { NodeHandler, NodeRequest, WebHandler } from './types';

// Methods `new Request` refuses; the handler would answer 405 to them anyway.
const forbidden = new Set(['CONNECT', 'TRACE', 'TRACK']);
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

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
    const incoming = ('raw' in req ? req.raw : req) as NodeRequest;
    const fail = (status: number, error: string) =>
      send(res, status, JSON_HEADERS, JSON.stringify({ error }));
    try {
      const method = (incoming.method ?? 'GET').toUpperCase();
      if (forbidden.has(method)) {
        return send(res, 405, { ...JSON_HEADERS, allow: 'POST' }, '{"error":"method-not-allowed"}');
      }
      const request = toWebRequest(incoming, method, req.body, req.rawBody);
      if (typeof request === 'string') return fail(400, request);
      const response = await handler(request);
      send(res, response.status, response.headers, await response.text());
    } catch (error) {
      if (next && !isFastifyReply(res) && !answered(res)) {
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
