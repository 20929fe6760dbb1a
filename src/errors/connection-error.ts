import { AltegioError } from './altegio-error';

/**
 * The request never got an answer because the connection failed (refused, DNS, reset) and no retry
 * was left. When a non-GET may have reached Altegio, {@link OutcomeUnknownError} is thrown instead.
 */
export class ConnectionError extends AltegioError {
  override name = 'ConnectionError' as const;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;
  /** The low-level error code, e.g. `ECONNREFUSED`, when the runtime gave one. */
  readonly code: string | undefined;

  constructor(init: { method: string; path: string; code?: string | undefined; message?: string }) {
    super(
      init.message ??
        `Could not reach Altegio for ${init.method} ${init.path}${init.code ? ` (${init.code})` : ''}. Check the network and the platform base URLs.`,
    );
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
  }
}
