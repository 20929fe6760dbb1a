import type { Store } from './store';

/**
 * @internal Ends a claim: `ttlMs > 0` after the callback succeeded (the delivery counts as seen on
 * every instance for that long), `0` after it failed (the next delivery, on any instance, runs it).
 */
export type EndClaim = (ttlMs: number) => Promise<unknown>;

/**
 * @internal Claims a delivery across every instance on `store` while its callback runs (for up to
 * 2 minutes), under `webhook:<dedupe key>`. An instance that finds the claim taken waits: the "done"
 * mark (kept `seenTtlMs`, or 5 s for uninstall and freeze, so a real repeat still runs) makes it a
 * duplicate; a released claim lets it run the callback itself. Rejects after 30 s of waiting (the
 * handler answers 500). No `node:` import: the webhooks entry uses it on any runtime.
 */
export async function claimDelivery(store: Store, deliveryKey: string): Promise<EndClaim | undefined> {
  const key = `webhook:${deliveryKey}`;
  // Tells this claim from a later one of the same delivery; not a secret, so no crypto needed.
  const id = String(Math.random());
  for (let i = 0; i < 600; i++) {
    if (await store.setIfAbsent(key, id, 120_000)) {
      return (ttlMs) =>
        (ttlMs ? store.compareAndSet(key, id, 'done', ttlMs) : store.delete(key, id)).catch(() => {});
    }
    // Resolving to undefined: another instance ran it successfully; answer it as a duplicate.
    if ((await store.get(key)) === 'done') return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('running elsewhere');
}
