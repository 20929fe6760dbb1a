/**
 * Adapter from the `altegio-marketplace/webhooks` handlers to node:http, Express and Fastify.
 *
 * @module altegio-marketplace/node
 */
export {};
