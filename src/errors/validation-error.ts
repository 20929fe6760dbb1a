import { AltegioApiError } from './altegio-api-error';

/** HTTP 422: Altegio rejected the parameters (see `errors`), e.g. an activation after its 12-hour window. */
export class ValidationError extends AltegioApiError {
  override name = 'ValidationError' as const;
}
