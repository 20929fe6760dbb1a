import { type ApiErrorInit, AltegioApiError } from '../errors/altegio-api-error';
import { AuthenticationError } from '../errors/authentication-error';
import { NotFoundError } from '../errors/not-found-error';
import { PermissionDeniedError } from '../errors/permission-denied-error';
import { RateLimitError } from '../errors/rate-limit-error';
import { ServerError } from '../errors/server-error';
import { ValidationError } from '../errors/validation-error';

/** The one place that maps an HTTP status to an error class; `retryAfterMs` goes to a 429's error. */
export function errorFromStatus(init: ApiErrorInit, retryAfterMs?: number): AltegioApiError {
  switch (init.status) {
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 422:
      return new ValidationError(init);
    case 429:
      return new RateLimitError({ ...init, retryAfter: retryAfterMs });
    default:
      return init.status >= 500 ? new ServerError(init) : new AltegioApiError(init);
  }
}
