import { AltegioError } from './altegio-error';

/** Why the SDK cannot tell whether Altegio processed a request. */
export type OutcomeUnknownReason =
  | 'timeout'
  | 'connection'
  | 'server-error'
  | 'unreadable-answer'
  | 'aborted';

/**
 * A write (POST) may or may not have been processed: it timed out, was aborted by its `signal` or
 * lost its connection after it was sent, Altegio answered 5xx (other than 503), or it answered 2xx with a body the SDK cannot read
 * (so the result, such as a payment id, is lost). The SDK never repeats such a request, because
 * Altegio has no idempotency keys and a payment could be recorded twice.
 *
 * For payments, call `altegio.marketplace.reconcilePayment(...)` to find out whether it landed.
 */
export class OutcomeUnknownError extends AltegioError {
  override name = 'OutcomeUnknownError' as const;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without host or query string. */
  readonly path: string;
  /** Why the outcome is unknown. */
  readonly reason: OutcomeUnknownReason;
  /** HTTP status, when the reason is `server-error` or `unreadable-answer`. */
  readonly status: number | undefined;

  constructor(init: {
    method: string;
    path: string;
    reason: OutcomeUnknownReason;
    status?: number | undefined;
  }) {
    const why =
      init.reason === 'timeout'
        ? 'timed out after it was sent'
        : init.reason === 'connection'
          ? 'lost its connection after it was sent'
          : init.reason === 'aborted'
            ? 'was aborted by its signal after it was sent'
            : init.reason === 'unreadable-answer'
              ? `got HTTP ${init.status ?? '2xx'} with an answer that is not the documented one`
              : `got HTTP ${init.status ?? '5xx'}`;
    super(
      `${init.method} ${init.path} ${why}; Altegio may or may not have processed it, so it was not repeated. Check the resulting state before trying again (for payments: marketplace.reconcilePayment).`,
    );
    this.method = init.method;
    this.path = init.path;
    this.reason = init.reason;
    this.status = init.status;
  }
}
