import { AltegioError } from './altegio-error';

/** An option is missing or invalid. The message names the option and, where one exists, its env var. */
export class ConfigurationError extends AltegioError {
  override name = 'ConfigurationError' as const;
  /** The option at fault, e.g. `partnerToken` or `rateLimit.perSecond`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}
