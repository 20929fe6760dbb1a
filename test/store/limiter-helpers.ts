import { type Release, SharedRateLimiter } from '../../src/core/limiter';
import type { Store } from '../../src/store/store';

export function sharedLimiter(
  store: Store,
  extra: { perSecond?: number; logger?: object; stepTimeoutMs?: number; probeMs?: number } = {},
) {
  return new SharedRateLimiter(
    { perSecond: extra.perSecond ?? 5, perMinute: 200 },
    {
      store,
      holdMs: 5_000,
      logger: extra.logger as never,
      stepTimeoutMs: extra.stepTimeoutMs ?? 500,
      probeMs: extra.probeMs ?? 300,
    },
  );
}

/** Acquires and releases at once, `count` times, recording when each slot was granted. */
export async function burst(
  limiter: SharedRateLimiter,
  count: number,
  priority: 'high' | 'normal' = 'normal',
) {
  const at: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const release: Release = await limiter.acquire(priority);
      at.push(Date.now());
      release();
    }),
  );
  return at;
}

/** The largest number of grants in any window of `ms`. */
export function peak(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + ms) j++;
    best = Math.max(best, j - i);
  }
  return best;
}
