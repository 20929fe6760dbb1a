import { AltegioError } from './altegio-error';

/**
 * Why an idempotency key could not be used: `different-params` when the key was first used with other
 * parameters (nothing was sent); `in-flight` when another call with the key is still running after the
 * wait (nothing was sent; call again later, it returns the first call's result).
 */
export type IdempotencyConflictReason = 'different-params' | 'in-flight';

/**
 * A payment or refund call with an `idempotencyKey` that cannot go ahead. Nothing was sent to Altegio.
 */
export class IdempotencyConflictError extends AltegioError {
  override name = 'IdempotencyConflictError' as const;
  /** Why the key could not be used. */
  readonly reason: IdempotencyConflictReason;
  /** The operation, `marketplace.reportPayment` or `marketplace.refundPayment`. */
  readonly operation: string;

  constructor(operation: string, reason: IdempotencyConflictReason) {
    super(
      reason === 'different-params'
        ? `${operation}: this idempotencyKey was first used with different parameters; nothing was sent. Use a new key for a new payment.`
        : `${operation}: another call with this idempotencyKey is still in flight; nothing was sent. Call again later: the repeat returns the first call's result.`,
    );
    this.reason = reason;
    this.operation = operation;
  }
}
