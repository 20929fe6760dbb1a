/**
 * Adapter from the `altegio-marketplace/webhooks` handlers to node:http, Express and Fastify:
 * `read-body` turns the node request into a Web `Request`, `send` writes the Web `Response` back, and
 * `to-node-handler` joins them.
 *
 * @module altegio-marketplace/node
 */

export { toNodeHandler } from './to-node-handler';
export type { FastifyLikeReply, FastifyLikeRequest, NodeHandler, NodeRequest, WebHandler } from './types';
