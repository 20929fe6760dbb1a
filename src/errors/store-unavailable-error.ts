import { AltegioError } from './altegio-error';

/**
 * The shared store (Redis) did not answer in time or refused the operation. A payment or refund with
 * an `idempotencyKey` fails closed with this error: nothing was sent to Altegio, so it is safe to call
 * again once the store is back. The message names the operation, never a key's value or a token.
 */
export class StoreUnavailableError extends AltegioError {
  override name = 'StoreUnavailableError' as const;
  /** The store operation that failed, e.g. `setIfAbsent`. */
  readonly operation: string;

  constructor(operation: string, detail: string) {
    super(`The shared store did not complete ${operation}: ${detail}`);
    this.operation = operation;
  }
}
