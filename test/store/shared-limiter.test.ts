import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';
import { burst, peak, sharedLimiter } from './limiter-helpers';

describe('SharedRateLimiter on one memory store', () => {
  it('three limiters share one budget of 5 a second', async () => {
    const store = createMemoryStore();
    const limiters = [sharedLimiter(store), sharedLimiter(store), sharedLimiter(store)];
    const started = Date.now();
    const times = (await Promise.all(limiters.map((l) => burst(l, 5)))).flat();
    expect(times).toHaveLength(15);
    expect(peak(times, 1000)).toBeLessThanOrEqual(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // 15 at 5/s: three windows
  });

  it("a call notification of one limiter goes before another limiter's queued work", async () => {
    const store = createMemoryStore();
    const busy = sharedLimiter(store);
    const phone = sharedLimiter(store);
    // The order of grants, not their times: a loaded machine shifts the clock, never the order.
    const order: string[] = [];
    const take = (limiter: typeof busy, name: string, priority: 'high' | 'normal') =>
      limiter.acquire(priority).then((release) => {
        order.push(name);
        release();
      });
    const backlog = Array.from({ length: 12 }, (_, i) => take(busy, `normal-${i}`, 'normal'));
    // The first window is spent: 5 granted, 7 queued behind it.
    await vi.waitFor(() => expect(busy.pending.normal).toBe(7), { timeout: 5_000, interval: 5 });
    const queued = order.length;
    const notification = take(phone, 'high', 'high');
    await Promise.all([...backlog, notification]);
    // Granted at the first free slot, ahead of every normal request that was still queued.
    expect(queued).toBe(5);
    expect(order.indexOf('high')).toBe(queued);
    expect(order.filter((name) => name !== 'high')).toHaveLength(12);
  });

  it('a notification that had to wait does not hold back normal work once it is granted', async () => {
    const limiter = sharedLimiter(createMemoryStore());
    const normal: number[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const release = await limiter.acquire('normal');
        normal.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 5));
        release();
      }
    };
    for (let i = 0; i < 10; i++) void worker();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first window is spent
    const release = await limiter.acquire('high'); // waits for the next window
    const granted = Date.now();
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    // The rest of that window goes to normal work at once (4 of 5: one is the notification's).
    expect(normal.filter((t) => t >= granted && t < granted + 100)).toHaveLength(3);
  });

  it('falls back to the local limit when the store fails, logs it once, and comes back', async () => {
    let failing = true;
    const inner = createMemoryStore();
    const store: Store = {
      ...inner,
      limit: (k, s) => (failing ? Promise.reject(new Error('down')) : inner.limit(k, s)),
    };
    const logger = { warn: vi.fn(), info: vi.fn() };
    const limiter = sharedLimiter(store, { logger, probeMs: 200 });
    const times = await burst(limiter, 8);
    expect(times).toHaveLength(8);
    expect(peak(times, 1000)).toBeLessThanOrEqual(5); // the local limit still holds
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/local limit/);
    failing = false;
    await new Promise((resolve) => setTimeout(resolve, 250));
    await burst(limiter, 1);
    expect(logger.info).toHaveBeenCalledTimes(1);
  });

  it('a store that never answers does not hang: the step times out into the local limit', async () => {
    const inner = createMemoryStore();
    const store: Store = { ...inner, limit: () => new Promise(() => {}) };
    const logger = { warn: vi.fn() };
    const started = Date.now();
    await burst(sharedLimiter(store, { logger, stepTimeoutMs: 100 }), 3);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
