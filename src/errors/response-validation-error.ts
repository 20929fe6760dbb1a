import { AltegioError } from './altegio-error';

/** One problem found in an answer, as zod reports it (path into the answer and a message). */
export interface ResponseIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Altegio answered 2xx, but the answer is not what the API documents: not JSON, an HTML page
 * (often a wrong base URL), or JSON whose shape does not match.
 */
export class ResponseValidationError extends AltegioError {
  override name = 'ResponseValidationError' as const;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly issues: readonly ResponseIssue[];
  /** The redacted body that failed, as parsed JSON or (cut to 500 chars) as text. */
  readonly body: unknown;

  constructor(init: {
    method: string;
    path: string;
    status: number;
    issues: readonly ResponseIssue[];
    body: unknown;
    detail: string;
  }) {
    super(
      `Unexpected answer from Altegio to ${init.method} ${init.path} (HTTP ${init.status}): ${init.detail}`,
    );
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.issues = init.issues;
    this.body = init.body;
  }
}
