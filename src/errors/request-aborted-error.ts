import { AltegioError } from './altegio-error';

/**
 * The `signal` passed to a call aborted it. Never retried. Thrown when nothing can have reached
 * Altegio (aborted before sending, or a GET); a write aborted after it was sent throws
 * {@link OutcomeUnknownError} with reason `aborted` instead.
 */
export class RequestAbortedError extends AltegioError {
  override name = 'RequestAbortedError' as const;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;

  /** @param init the request that was aborted. */
  constructor(init: { method: string; path: string }) {
    super(`${init.method} ${init.path} was aborted by its signal.`);
    this.method = init.method;
    this.path = init.path;
  }
}
