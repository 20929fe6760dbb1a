import type * as z from 'zod/mini';
import { WebhookVerificationError } from '../errors/webhook-verification-error';

// Reading a webhook body: bytes or text to a parsed value, and a schema check that names the fields
// at fault, never their values.

/** @internal The one fatal UTF-8 decoder of the entry (invalid bytes throw a TypeError). */
export const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A webhook body as the verifiers accept it: raw text or bytes, or an object a framework already parsed. */
export type WebhookBody = string | Uint8Array | ArrayBuffer | Record<string, unknown>;

/** Turns a body into a parsed value plus, when there was one, the raw text. Throws `malformed-body`. */
export function readBody(body: unknown, what: string): { value: unknown; text: string | undefined } {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    try {
      text = utf8.decode(body);
    } catch {
      throw new WebhookVerificationError('malformed-body', `${what} body is not valid UTF-8.`);
    }
  } else if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    return { value: body, text: undefined };
  } else {
    throw new WebhookVerificationError(
      'malformed-body',
      `${what} body must be a JSON string, bytes or a parsed object; got ${body === null ? 'null' : typeof body}.`,
    );
  }
  try {
    return { value: JSON.parse(text), text };
  } catch {
    throw new WebhookVerificationError('malformed-body', `${what} body is not valid JSON.`);
  }
}

/** Parses with `schema` or throws `malformed-body` naming the fields at fault (never their values). */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'} (${issue.code})`)
    .join(', ');
  throw new WebhookVerificationError(
    'malformed-body',
    `${what} body does not have the expected shape: ${fields}.`,
  );
}
