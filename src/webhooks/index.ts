/**
 * Receive what Altegio sends: lifecycle webhooks (`uninstall`, `freeze`, `payment`) and entity webhooks,
 * as pure verifiers and `(Request) => Promise<Response>` handlers. Imports neither ky nor any `node:`
 * module, so it runs on Node, Bun, Deno and edge workers.
 *
 * @module altegio-marketplace/webhooks
 */

export type { WebhookVerificationErrorReason } from '../errors/webhook-verification-error';
export { WebhookVerificationError } from '../errors/webhook-verification-error';
