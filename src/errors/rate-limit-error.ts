import { type ApiErrorInit, AltegioApiError } from './altegio-api-error';

/**
 * HTTP 429: Altegio's limit (200 requests a minute or 5 a second per IP) was hit and the retries ran out.
 */
export class RateLimitError extends AltegioApiError {
  override name = 'RateLimitError' as const;
  /** Seconds Altegio asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: ApiErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
