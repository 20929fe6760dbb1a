import { AltegioError } from './altegio-error';

/**
 * Altegio (or something in between) answered a 3xx where the API never redirects. The SDK follows no
 * redirect: a followed 307/308 would resend the body, with its CRM token or API key, to another host,
 * and a followed 301/302 would turn a POST into a GET. Check the platform base URLs and any proxy.
 *
 * Not retried. A write that got it was most likely not processed, but check the state before sending
 * it again.
 */
export class UnexpectedRedirectError extends AltegioError {
  override name = 'UnexpectedRedirectError' as const;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;
  /** The 3xx status (0 when the runtime hides it, as browsers do for a manual redirect). */
  readonly status: number;
  /** The host the `Location` header named, or `undefined` when there was none (never its path or query). */
  readonly locationHost: string | undefined;

  /** @param init the request and what its answer said. */
  constructor(init: { method: string; path: string; status: number; locationHost: string | undefined }) {
    super(
      `Altegio answered ${init.status || 'a redirect'} to ${init.method} ${init.path}, redirecting to ${init.locationHost ?? 'an unnamed location'}; the SDK does not follow redirects. Check the platform base URLs (or ALTEGIO_APP_BASE_URL / ALTEGIO_API_BASE_URL) and any proxy in between.`,
    );
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.locationHost = init.locationHost;
  }
}
