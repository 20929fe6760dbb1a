import { AltegioApiError } from './altegio-api-error';

/** HTTP 401: the partner token (or, on Partner+User endpoints, the user token) was missing or rejected. */
export class AuthenticationError extends AltegioApiError {
  override name = 'AuthenticationError' as const;
}
