import { AltegioError } from './altegio-error';

/**
 * Machine-readable reason a registration redirect was refused:
 * - `invalid-input`: not a URL, string or URLSearchParams; a malformed percent-escape; an oversized
 *   query; a single-valued parameter repeated with different values;
 * - `missing-location`: neither `salon_id` nor `salon_ids[]`;
 * - `invalid-location`: a location id that is not a positive integer (or more than 1000 of them);
 * - `invalid-chain`: `salon_group_id` is not a positive integer;
 * - `invalid-crm-token`: `crm_token` is empty or contains spaces;
 * - `missing-user-data`: no `user_data` although `requireUserData` is on;
 * - `missing-signature`: `user_data` without `user_data_sign`;
 * - `invalid-signature`: `user_data_sign` does not verify with the partner token (forged or altered);
 * - `invalid-user-data`: `user_data` is not base64, or (signed) not a JSON object.
 */
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
  /** What was wrong with the redirect, for branching in code. */
  readonly reason: ConnectRedirectErrorReason;

  constructor(reason: ConnectRedirectErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
