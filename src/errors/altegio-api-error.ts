import { AltegioError } from './altegio-error';

/** @internal What the transport knows about a failed Altegio answer; every field is already redacted. */
export interface ApiErrorInit {
  /** HTTP status of the answer (200 when Altegio answered `success: false` with HTTP 200). */
  status: number;
  /** Altegio's own message (`meta.message` or `errors.message`), when it sent one. */
  apiMessage?: string | undefined;
  /** Altegio's `meta.errors` (array or object) or `errors` value, when present. */
  errors?: unknown;
  /** Altegio's `errors.code` (YCLIENTS shape), when present. */
  code?: number | string | undefined;
  /** HTTP method of the request. */
  method: string;
  /** Path of the request, without host or query string. */
  path: string;
  /** Parsed (or raw text) body of the answer, with every secret replaced by `[REDACTED]`. */
  body?: unknown;
  /** What to check next; appended to the message. */
  hint?: string | undefined;
}

/**
 * Altegio answered, and the answer is an error: a non-2xx status or `success: false`.
 *
 * Subclasses name the common statuses; branch on them (or on `status`), never on the message text.
 */
export class AltegioApiError extends AltegioError {
  override name: string = 'AltegioApiError';
  /** HTTP status of the answer (200 when Altegio answered `success: false` with HTTP 200). */
  readonly status: number;
  /** Altegio's own message (`meta.message`, or `errors.message` on YCLIENTS), when it sent one. */
  readonly apiMessage: string | undefined;
  /** Altegio's `meta.errors` (array or object) or YCLIENTS' `errors`, e.g. which fields a 422 refused. */
  readonly errors: unknown;
  /** YCLIENTS' `errors.code`, when present. */
  readonly code: number | string | undefined;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;
  /** The answer's body (parsed JSON, or up to 500 characters of text), with every secret redacted. */
  readonly body: unknown;

  /** @internal Built by the transport only; `init` is what it learnt from the answer, already redacted. */
  constructor(init: ApiErrorInit) {
    // Altegio's message may end with its own period ("Payment is already refunded."): one is enough.
    const said = init.apiMessage?.trim().replace(/[.\s]+$/, '');
    const what = said ? `: ${said}` : '';
    super(
      `Altegio answered ${init.status} to ${init.method} ${init.path}${what}${init.hint ? `. ${init.hint}` : ''}`,
    );
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.errors = init.errors;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
  }
}
