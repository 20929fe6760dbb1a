import { AltegioApiError } from './altegio-api-error';

/** HTTP 404: the application, location, installation or CRM token is unknown to Altegio. */
export class NotFoundError extends AltegioApiError {
  override name = 'NotFoundError' as const;
}
