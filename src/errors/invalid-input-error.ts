import { AltegioError } from './altegio-error';
import type { ResponseIssue } from './response-validation-error';

/**
 * A method's arguments are invalid (a malformed date, a negative sum, an unknown call type, ...).
 * Thrown before any request is sent, so nothing reached Altegio.
 */
export class InvalidInputError extends AltegioError {
  override name = 'InvalidInputError' as const;
  /** Each problem: path into the argument and what is wrong. Values are never echoed. */
  readonly issues: readonly ResponseIssue[];

  constructor(operation: string, issues: readonly ResponseIssue[]) {
    const list = issues
      .map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`)
      .join('; ');
    super(`Invalid input to ${operation}: ${list}`);
    this.issues = issues;
  }
}
