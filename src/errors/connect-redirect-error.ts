import { AltegioError } from './altegio-error';

/** Machine-readable reason a registration redirect was refused. */
export type ConnectRedirectErrorReason =
  | 'invalid-input'
  | 'missing-location'
  | 'invalid-location'
  | 'invalid-chain'
  | 'invalid-crm-token'
  | 'missing-user-data'
  | 'missing-signature'
  | 'invalid-signature'
  | 'invalid-user-data';

/** The registration redirect's query is malformed or its `user_data_sign` does not verify. */
export class ConnectRedirectError extends AltegioError {
  override name = 'ConnectRedirectError' as const;
  readonly reason: ConnectRedirectErrorReason;

  constructor(reason: ConnectRedirectErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
