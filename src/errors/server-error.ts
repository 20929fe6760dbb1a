import { AltegioApiError } from './altegio-api-error';

/** HTTP 5xx: Altegio failed. For a non-GET other than 503 the SDK throws `OutcomeUnknownError` instead. */
export class ServerError extends AltegioApiError {
  override name = 'ServerError' as const;
}
