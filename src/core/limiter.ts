/**
 * Client-side rate limit. Altegio allows 200 requests a minute or 5 a second per IP address.
 *
 * A request counts from the moment its answer (or failure) arrives, so a slow send cannot squeeze
 * more into a server-side window. Call notifications (`telephony.notifyCall`) are served before
 * queued work, and other work leaves part of each window free for them: as many requests as
 * notifications used in the last window, and at least `floor(limit × 2.5%)` (5 of the 200 a minute).
 */
export interface RateLimitOptions {
  /**
   * Requests allowed in any 1-second window.
   * @default 5
   */
  perSecond?: number;
  /**
   * Requests allowed in any 60-second window.
   * @default 200
   */
  perMinute?: number;
}

/** Which lane a request waits in: `high` (call notifications) is served before `normal`. */
export type Priority = 'high' | 'normal';

/** Ends a request's hold on its rate-limit slot; call it once the answer (or the failure) is in. */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
}

// Share of each window that only the high lane may use, at least: 5 of 200 a minute, none of 5 a second.
const HIGH_RESERVE = 0.025;

/**
 * Sliding-window limiter with two lanes.
 *
 * A request holds its slot from `acquire` until it calls the returned `release`, and is counted at
 * the moment of release: the server saw the request no later than that, so the windows hold however
 * long the request took to leave (a cold connection can take 200 ms, which would otherwise squeeze
 * six requests into one server-side second). This holds against a server that counts in fixed or
 * sliding windows.
 *
 * The high lane (call notifications) is served first, and part of each window is kept for it: as
 * many requests as the high lane sent in the last window, and at least `floor(limit × 2.5%)` (5 of
 * the 200 a minute). So a backlog that has used up the minute does not make a ringing phone wait for
 * the minute to roll over, and normal work backs off as far as call notifications need.
 */
export class RateLimiter {
  readonly #windows: readonly { size: number; limit: number; reserve: number }[];
  readonly #margin: number;
  readonly #now: () => number;
  /** Release times of finished requests, ascending; only the most recent `max(limit)` are kept. */
  readonly #sent: number[] = [];
  /** Release times of high-lane requests, ascending, kept the same way. */
  readonly #highSent: number[] = [];
  readonly #keep: number;
  #inFlight = 0;
  #highInFlight = 0;
  readonly #lanes: Record<Priority, Waiter[]> = { high: [], normal: [] };
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param margin ms added to each window, so that clock jitter cannot squeeze two windows into one.
   * @param reserve share of each window kept for the high lane.
   */
  constructor(
    options: Required<RateLimitOptions>,
    {
      margin = 25,
      now = () => performance.now(),
      reserve = HIGH_RESERVE,
    }: { margin?: number; now?: () => number; reserve?: number } = {},
  ) {
    this.#windows = [
      { size: 1000, limit: options.perSecond },
      { size: 60_000, limit: options.perMinute },
    ].map((w) => ({ ...w, reserve: Math.min(w.limit - 1, Math.floor(w.limit * reserve)) }));
    this.#keep = Math.max(options.perSecond, options.perMinute);
    this.#margin = margin;
    this.#now = now;
  }

  /**
   * Resolves when the request may be sent, with the `release` to call once it is answered or has
   * failed; until then it counts as sent just now.
   */
  acquire(priority: Priority = 'normal'): Promise<Release> {
    return new Promise((resolve) => {
      this.#lanes[priority].push({ resolve });
      this.#pump();
    });
  }

  /** Requests waiting in each lane. */
  get pending(): { high: number; normal: number } {
    return { high: this.#lanes.high.length, normal: this.#lanes.normal.length };
  }

  /** ms until `priority` may send; `Infinity` while in-flight requests fill a window (a release pumps). */
  #waitFor(now: number, priority: Priority): number {
    let wait = 0;
    // The reserve shrinks as high-lane requests leave a window: wake up then to look again.
    let recheck = Number.POSITIVE_INFINITY;
    for (const { size, limit, reserve } of this.#windows) {
      const start = now - size - this.#margin;
      let keep = 0;
      if (priority === 'normal') {
        const recent = this.#highSent.filter((at) => at > start);
        keep = Math.min(limit - 1, Math.max(reserve, recent.length + this.#highInFlight));
        const oldest = recent[0];
        if (oldest !== undefined && keep > reserve) recheck = Math.min(recheck, oldest - start);
      }
      const room = limit - keep - this.#inFlight;
      if (room <= 0) {
        wait = Number.POSITIVE_INFINITY;
        continue;
      }
      const edge = this.#sent[this.#sent.length - room];
      if (edge !== undefined) wait = Math.max(wait, edge - start);
    }
    return Math.min(wait, recheck);
  }

  #release(priority: Priority): void {
    this.#inFlight--;
    if (priority === 'high') this.#highInFlight--;
    const at = this.#now();
    insertSorted(this.#sent, at, this.#keep);
    if (priority === 'high') insertSorted(this.#highSent, at, this.#keep);
    this.#pump();
  }

  #pump(): void {
    // Recompute on every change: a release or a high-priority arrival can shorten the wait.
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (;;) {
      const lane = this.#lanes.high.length > 0 ? this.#lanes.high : this.#lanes.normal;
      const next = lane[0];
      if (!next) return;
      const priority: Priority = lane === this.#lanes.high ? 'high' : 'normal';
      const wait = this.#waitFor(this.#now(), priority);
      if (wait === Number.POSITIVE_INFINITY) return; // a release will pump again
      if (wait > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, wait);
        return;
      }
      lane.shift();
      this.#inFlight++;
      if (priority === 'high') this.#highInFlight++;
      let released = false;
      next.resolve(() => {
        if (released) return;
        released = true;
        this.#release(priority);
      });
    }
  }
}

/** Inserts `at` into the ascending `list`, keeping only its `keep` largest entries. */
function insertSorted(list: number[], at: number, keep: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] ?? 0) > at) i--;
  list.splice(i, 0, at);
  if (list.length > keep) list.splice(0, list.length - keep);
}
