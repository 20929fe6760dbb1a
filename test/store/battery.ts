// The conformance battery every Store runs: the memory store and the Redis store must behave alike,
// since the limiter, the ledger and webhook dedupe rely on exactly these guarantees.
import { expect, it } from 'vitest';
import type { LimitStep, Store } from '../../src/store/store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const fresh = (what: string) => `battery:${what}:${Date.now()}:${counter++}`;

const windows = (limit: number, reserve = 0, sizeMs = 300) => [{ sizeMs, limit, reserve }];
const step = (op: LimitStep['op'], id: string, extra: Partial<LimitStep> = {}): LimitStep => ({
  op,
  id,
  priority: 'normal',
  windows: windows(3),
  holdMs: 5_000,
  ...extra,
});

/** Registers the battery's tests; `store()` gives the store under test (after the suite set it up). */
export function storeBattery(store: () => Store): void {
  it('setIfAbsent stores once: the first call wins, later calls keep the first value', async () => {
    const key = fresh('nx');
    expect(await store().setIfAbsent(key, 'first', 10_000)).toBe(true);
    expect(await store().setIfAbsent(key, 'second', 10_000)).toBe(false);
    expect(await store().get(key)).toBe('first');
    expect(await store().get(fresh('absent'))).toBeNull();
  });

  it('setIfAbsent: of 40 concurrent claims of one key exactly one wins', async () => {
    const key = fresh('race');
    const wins = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store().setIfAbsent(key, `v${i}`, 10_000)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store().get(key)).toBe(`v${wins.indexOf(true)}`);
  });

  it('a key expires after its TTL, and can then be claimed again', async () => {
    const key = fresh('ttl');
    await store().setIfAbsent(key, 'x', 60);
    await sleep(150);
    expect(await store().get(key)).toBeNull();
    expect(await store().setIfAbsent(key, 'y', 10_000)).toBe(true);
  });

  it('compareAndSet replaces only the expected value', async () => {
    const key = fresh('cas');
    expect(await store().compareAndSet(key, 'a', 'b', 10_000)).toBe(false); // absent
    await store().setIfAbsent(key, 'a', 10_000);
    expect(await store().compareAndSet(key, 'zzz', 'b', 10_000)).toBe(false);
    expect(await store().get(key)).toBe('a');
    expect(await store().compareAndSet(key, 'a', 'b', 10_000)).toBe(true);
    expect(await store().get(key)).toBe('b');
  });

  it('compareAndSet: of 20 concurrent swaps from one value exactly one wins', async () => {
    const key = fresh('cas-race');
    await store().setIfAbsent(key, 'start', 10_000);
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store().compareAndSet(key, 'start', `n${i}`, 10_000)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('compareAndSet sets the new TTL: a finite one expires, Infinity keeps the key', async () => {
    const short = fresh('cas-ttl');
    const kept = fresh('cas-keep');
    await store().setIfAbsent(short, 'a', 10_000);
    await store().setIfAbsent(kept, 'a', 60);
    await store().compareAndSet(short, 'a', 'b', 60);
    await store().compareAndSet(kept, 'a', 'b', Number.POSITIVE_INFINITY);
    await sleep(150);
    expect(await store().get(short)).toBeNull();
    expect(await store().get(kept)).toBe('b');
  });

  it('delete removes a key; with `expected` only when the value matches', async () => {
    const key = fresh('del');
    await store().setIfAbsent(key, 'a', 10_000);
    await store().delete(key, 'other');
    expect(await store().get(key)).toBe('a');
    await store().delete(key, 'a');
    expect(await store().get(key)).toBeNull();
    await store().setIfAbsent(key, 'c', 10_000);
    await store().delete(key);
    expect(await store().get(key)).toBeNull();
  });

  it('refuses a TTL that is not a positive integer', async () => {
    await expect(store().setIfAbsent(fresh('bad'), 'x', 0)).rejects.toThrow(RangeError);
    await expect(store().setIfAbsent(fresh('bad'), 'x', Number.POSITIVE_INFINITY)).rejects.toThrow(
      RangeError,
    );
    await expect(store().compareAndSet(fresh('bad'), 'x', 'y', -5)).rejects.toThrow(RangeError);
  });

  it('limit grants `limit` slots per window and then names when to ask again', async () => {
    const key = fresh('limit');
    const granted = [];
    for (let i = 0; i < 3; i++) granted.push((await store().limit(key, step('acquire', `r${i}`))).granted);
    expect(granted).toEqual([true, true, true]);
    for (let i = 0; i < 3; i++) await store().limit(key, step('release', `r${i}`));
    const fourth = await store().limit(key, step('acquire', 'r3'));
    expect(fourth.granted).toBe(false);
    expect(fourth.retryInMs).toBeGreaterThan(200);
    expect(fourth.retryInMs).toBeLessThanOrEqual(300);
    await sleep(fourth.retryInMs + 20);
    expect((await store().limit(key, step('acquire', 'r3'))).granted).toBe(true);
  });

  it('limit: of 30 concurrent acquires only `limit` are granted', async () => {
    const key = fresh('limit-race');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store().limit(key, step('acquire', `c${i}`, { windows: windows(5) })),
      ),
    );
    expect(results.filter((r) => r.granted)).toHaveLength(5);
  });

  it('limit: a slot held in flight counts until released or until its hold expires', async () => {
    const key = fresh('limit-hold');
    const w = windows(2, 0, 100);
    expect((await store().limit(key, step('acquire', 'a', { windows: w, holdMs: 150 }))).granted).toBe(true);
    expect((await store().limit(key, step('acquire', 'b', { windows: w, holdMs: 150 }))).granted).toBe(true);
    await sleep(120); // past the window, but both still held
    expect((await store().limit(key, step('acquire', 'c', { windows: w }))).granted).toBe(false);
    await sleep(80); // the holds of a crashed instance expire
    expect((await store().limit(key, step('acquire', 'c', { windows: w }))).granted).toBe(true);
  });

  it('limit: the high lane keeps its reserve, and a waiting high request holds back normal work', async () => {
    const key = fresh('limit-high');
    const w = windows(4, 1, 400);
    const got = [];
    for (let i = 0; i < 4; i++)
      got.push((await store().limit(key, step('acquire', `n${i}`, { windows: w }))).granted);
    expect(got).toEqual([true, true, true, false]); // one slot of four is the reserve
    expect((await store().limit(key, step('acquire', 'h0', { windows: w, priority: 'high' }))).granted).toBe(
      true,
    );
    const high = await store().limit(key, step('acquire', 'h1', { windows: w, priority: 'high' }));
    expect(high.granted).toBe(false); // window full: it now waits, visible to every client
    for (const id of ['n0', 'n1', 'n2']) await store().limit(key, step('release', id, { windows: w }));
    await store().limit(key, step('release', 'h0', { windows: w, priority: 'high' }));
    await sleep(450);
    // The window has rolled over, but the high request asked first: normal work waits for it.
    expect((await store().limit(key, step('acquire', 'n9', { windows: w }))).granted).toBe(false);
    expect((await store().limit(key, step('acquire', 'h1', { windows: w, priority: 'high' }))).granted).toBe(
      true,
    );
    expect((await store().limit(key, step('acquire', 'n9', { windows: w }))).granted).toBe(true);
  });
}
