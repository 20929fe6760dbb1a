import { AltegioApiError } from './altegio-api-error';

/** HTTP 403: the token is valid but has no access to this application, location or chain. */
export class PermissionDeniedError extends AltegioApiError {
  override name = 'PermissionDeniedError' as const;
}
