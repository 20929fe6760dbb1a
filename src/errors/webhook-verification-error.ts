import { AltegioError } from './altegio-error';

/** Machine-readable reason a webhook delivery was refused. */
export type WebhookVerificationErrorReason =
  | 'malformed-body'
  | 'invalid-partner-token'
  | 'application-mismatch'
  | 'invalid-sign'
  | 'invalid-url-token'
  | 'location-mismatch';

/** A webhook delivery could not be verified; the handlers answer it with 400 or 401. */
export class WebhookVerificationError extends AltegioError {
  override name = 'WebhookVerificationError' as const;
  /** Why the delivery was refused, for branching in code. */
  readonly reason: WebhookVerificationErrorReason;

  constructor(reason: WebhookVerificationErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
