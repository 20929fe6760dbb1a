import * as z from 'zod/mini';
import { WebhookVerificationError } from '../errors/webhook-verification-error';

// Shared pieces of the webhook schemas. zod/mini keeps the `webhooks` entry small and quick to load.

// Plain predicates in z.custom rather than z.int()/z.regex()/unions/pipes: each zod/mini feature adds
// to the entry's size, and each layer to the time of every parse. Callers convert with Number().
const POSITIVE = /^[1-9]\d{0,14}$/;
const NON_NEGATIVE = /^\d{1,15}$/;

/**
 * An id of the envelope (location, application, payment, entity): a positive integer, or a string of
 * its digits without leading zeros (older Altegio answers quote ids); read it with `Number()`.
 */
export const id = z.custom<number | string>(
  (v) =>
    typeof v === 'number' ? Number.isSafeInteger(v) && v > 0 : typeof v === 'string' && POSITIVE.test(v),
  'expected a positive integer id',
);

/**
 * A reference inside an entity's `data`: as {@link id}, but 0 is allowed, since Altegio writes 0 for
 * "none" in some of them (a record's `staff_id` when any team member may take it).
 */
export const ref = z.custom<number | string>(
  (v) =>
    typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : typeof v === 'string' && NON_NEGATIVE.test(v),
  'expected a non-negative integer id',
);

/** A money amount: a JSON number, or a decimal string (as PHP backends sometimes send), kept as given. */
export const decimal = z.custom<number | string>(
  (v) =>
    typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && /^-?\d{1,15}(\.\d{1,10})?$/.test(v),
  'expected a number',
);

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
