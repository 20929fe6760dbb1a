import { type RateLimiter, SharedRateLimiter } from '../core/limiter';
import type { Logger } from '../core/logger';
import { PaymentLedger, type LedgerOptions } from './ledger';
import { createMemoryStore } from './memory';
import { checkStore } from './store';

/**
 * @internal What a client builds on its `store`: the payment ledger (on a memory store by default) and,
 * when a store is given, the shared limiter in place of the local one.
 */
export function storeServices(
  options: { store?: unknown; ledger?: LedgerOptions | undefined },
  context: { applicationId: number; timeout: number; logger: Logger | undefined },
): { ledger: PaymentLedger; limiter: (local: RateLimiter | null) => RateLimiter | null } {
  const store = checkStore('store', options.store);
  const ledger = new PaymentLedger(store ?? createMemoryStore(), context.applicationId, options.ledger);
  return {
    ledger,
    limiter(local) {
      if (!store || !local) return local;
      return new SharedRateLimiter(local.limits, {
        store,
        // A hold outlives the longest attempt, so a crashed instance's slots come back soon after.
        holdMs: context.timeout + 5_000,
        logger: context.logger,
      });
    },
  };
}
