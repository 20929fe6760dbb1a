import { AltegioApiError } from './altegio-api-error';

/** HTTP 422: Altegio rejected the parameters (see `errors`), e.g. an activation after the 1-hour window. */
export class ValidationError extends AltegioApiError {
  override name = 'ValidationError' as const;
}
