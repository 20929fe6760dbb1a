import { AltegioError } from './altegio-error';

/**
 * A GET got no answer within the `timeout` option on any attempt. A non-GET that timed out throws
 * `OutcomeUnknownError` instead, since Altegio may have processed it.
 */
export class TimeoutError extends AltegioError {
  override name = 'TimeoutError' as const;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;
  /** The per-attempt timeout in milliseconds. */
  readonly timeout: number;

  constructor(init: { method: string; path: string; timeout: number }) {
    super(
      `Altegio did not answer ${init.method} ${init.path} within ${init.timeout} ms. Raise the \`timeout\` option or retry later.`,
    );
    this.method = init.method;
    this.path = init.path;
    this.timeout = init.timeout;
  }
}
