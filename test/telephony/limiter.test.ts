// Regression tests for two limiter bugs found while benchmarking call notifications (issue 4):
// 1. Requests were counted when they left the queue, not when the server could have seen them: a cold
//    connection delayed the first five by ~200 ms, so six arrived within one server-side second (429).
// 2. A backlog that used up the 200-a-minute budget made a call notification wait for the minute to
//    roll over (up to ~20 s), even though it was first in line. Now part of each window is kept for
//    notifications: at least 5 of the 200 a minute, and as many as were sent in the last minute.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Release, RateLimiter } from '../../src/core/limiter';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function limiter(perSecond = 5, perMinute = 200) {
  return new RateLimiter({ perSecond, perMinute }, { now: () => Date.now() });
}

/** Acquires one slot and records when it was granted. */
function take(l: RateLimiter, priority: 'high' | 'normal' = 'normal') {
  const slot: { at?: number; release?: Release } = {};
  void l.acquire(priority).then((release) => {
    slot.at = Date.now();
    slot.release = release;
  });
  return slot;
}

describe('RateLimiter', () => {
  it('counts a request from its release, so a slow first send cannot squeeze six into a second', async () => {
    const l = limiter();
    const first = Array.from({ length: 5 }, () => take(l));
    const sixth = take(l);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.every((slot) => slot.at === 0)).toBe(true);
    // The first five take 200 ms to be answered (cold connection).
    await vi.advanceTimersByTimeAsync(200);
    for (const slot of first) slot.release?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sixth.at).toBeUndefined(); // 1025 ms after the send would be too early
    await vi.advanceTimersByTimeAsync(100);
    expect(sixth.at).toBe(1225); // 200 ms answer + 1000 ms window + 25 ms margin
  });

  it('holds a slot while its request is in flight, and frees it once released', async () => {
    const l = limiter();
    const hung = Array.from({ length: 5 }, () => take(l));
    const waiting = take(l, 'high');
    await vi.advanceTimersByTimeAsync(5000);
    expect(waiting.at).toBeUndefined();
    hung[0]?.release?.();
    hung[0]?.release?.(); // a second call is a no-op
    await vi.advanceTimersByTimeAsync(1025);
    expect(waiting.at).toBe(6025);
    expect(l.pending).toEqual({ high: 0, normal: 0 });
  });

  it('keeps 5 of the 200 a minute for call notifications, so they skip a spent minute', async () => {
    const l = limiter();
    const backlog = Array.from({ length: 260 }, () => take(l));
    // Each request is answered at once.
    for (let t = 0; t < 50_000; t += 5) {
      for (const slot of backlog) if (slot.release && slot.at !== undefined) slot.release();
      await vi.advanceTimersByTimeAsync(5);
    }
    const sent = backlog.filter((slot) => slot.at !== undefined);
    expect(sent).toHaveLength(195); // 97.5 % of the minute for normal work
    const ringing = Array.from({ length: 5 }, () => take(l, 'high'));
    await vi.advanceTimersByTimeAsync(1100);
    expect(ringing.every((slot) => slot.at !== undefined && slot.at <= 51_100)).toBe(true);
    // The sixth notification in the minute finds no reserve left and waits for the window, like the backlog.
    for (const slot of ringing) slot.release?.();
    const sixth = take(l, 'high');
    await vi.advanceTimersByTimeAsync(5000);
    expect(sixth.at).toBeUndefined();
    expect(backlog.filter((slot) => slot.at !== undefined)).toHaveLength(195);
    // When the minute rolls over the high lane is still served first.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sixth.at).toBeGreaterThanOrEqual(60_000);
    const next = backlog.find((slot) => slot.at !== undefined && slot.at >= 60_000);
    expect(next?.at ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(sixth.at ?? 0);
  });

  it('keeps as many slots as notifications used in the last minute, so a steady stream never waits long', async () => {
    const l = limiter();
    const backlog = Array.from({ length: 600 }, () => take(l));
    const ringing: { asked: number; slot: ReturnType<typeof take> }[] = [];
    for (let t = 0; t < 150_000; t += 5) {
      if (t % 2000 === 1000) ringing.push({ asked: t, slot: take(l, 'high') }); // 30 calls a minute
      for (const slot of [...backlog, ...ringing.map((r) => r.slot)]) {
        if (slot.release && slot.at !== undefined) slot.release();
      }
      await vi.advanceTimersByTimeAsync(5);
    }
    const waits = ringing.map((r) => (r.slot.at ?? Number.POSITIVE_INFINITY) - r.asked);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1100);
    // The price: while the backlog fills the minute, it leaves room for the 30 notifications a minute
    // that recently came, so every minute still carries at least 200 - 30 requests in all.
    const times = [...backlog, ...ringing.map((r) => r.slot)].flatMap((slot) =>
      slot.at === undefined ? [] : [slot.at],
    );
    for (const from of [0, 30_000, 60_000, 90_000]) {
      const inMinute = times.filter((at) => at >= from && at < from + 60_000).length;
      expect(inMinute, `minute from ${from} ms`).toBeGreaterThanOrEqual(170);
      expect(inMinute, `minute from ${from} ms`).toBeLessThanOrEqual(200);
    }
  });
});
