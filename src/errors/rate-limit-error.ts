import { type ApiErrorInit, AltegioApiError } from './altegio-api-error';

/**
 * HTTP 429: Altegio's limit (200 requests a minute or 5 a second per IP) was hit and the retries ran out.
 */
export class RateLimitError extends AltegioApiError {
  override name = 'RateLimitError' as const;
  /**
   * Milliseconds Altegio asked to wait (`Retry-After`, read from seconds or an HTTP date), when it said;
   * the same unit as every other duration of the SDK (`timeout`, `retry.maxRetryAfter`).
   */
  readonly retryAfter: number | undefined;

  /** @internal Built by the transport only, with `Retry-After` in milliseconds. */
  constructor(init: ApiErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
