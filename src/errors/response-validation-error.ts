import { AltegioError } from './altegio-error';

/** One problem found in an answer, as zod reports it (path into the answer and a message). */
export interface ResponseIssue {
  /** Where the problem is, as keys and indexes from the top of the value (empty for the value itself). */
  path: readonly PropertyKey[];
  /** What is wrong; never contains the value itself. */
  message: string;
}

/**
 * Altegio answered 2xx, but the answer is not what the API documents: not JSON, an HTML page
 * (often a wrong base URL), or JSON whose shape does not match.
 */
export class ResponseValidationError extends AltegioError {
  override name = 'ResponseValidationError' as const;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;
  /** HTTP status of the answer (2xx). */
  readonly status: number;
  /** What did not match the documented shape. */
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
