import type { SeenStore } from '../webhooks/seen-store';
import type { Store } from './store';

/**
 * A webhook dedupe store ({@link SeenStore}) on a shared {@link Store}: a delivery one instance has
 * processed is acknowledged by every other instance without running the callback again. Keys go
 * under `webhook-seen:`; each expires after the handler's `seenTtlMs`. No `node:` import, so the
 * webhooks entry can use it on any runtime.
 *
 * @example
 * ```ts
 * const seen = seenStoreFrom(createRedisStore({ client: redis }));
 * ```
 */
export function seenStoreFrom(store: Store): SeenStore {
  const key = (k: string) => `webhook-seen:${k}`;
  return {
    async has(k) {
      return (await store.get(key(k))) !== null;
    },
    async add(k, ttlMs) {
      // Marked once: a later add for the same key (a parallel instance) keeps the first expiry.
      await store.setIfAbsent(key(k), '1', ttlMs);
    },
  };
}
