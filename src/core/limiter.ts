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
  /** Id of the request in a shared store: the same on every attempt, so its "waiting" mark is cleared on grant. */
  id?: string;
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
  /** The limits this limiter enforces. */
  readonly limits: Required<RateLimitOptions>;
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
    this.limits = { perSecond: options.perSecond, perMinute: options.perMinute };
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

/** The part of a store the shared limiter uses (see `Store.limit` in src/store/store.ts). */
export interface LimiterStore {
  limit(
    key: string,
    step: {
      op: 'acquire' | 'release';
      id: string;
      priority: Priority;
      windows: readonly { sizeMs: number; limit: number; reserve: number }[];
      holdMs: number;
    },
  ): Promise<{ granted: boolean; retryInMs: number }>;
}

/** Options of {@link SharedRateLimiter} beyond the limits. */
export interface SharedLimiterOptions {
  /** Where the budget lives; every limiter on the same store and `key` shares it. */
  store: LimiterStore;
  /** Store key of the budget. @default 'limiter:egress' */
  key?: string;
  /** How long an unreleased slot counts (longer than any request), so a crashed instance's slots come back. */
  holdMs: number;
  /** Reports the fallback to a local limit (once per outage) and its end. */
  logger?:
    | { warn?(message: string, data?: Record<string, unknown>): void; info?(message: string): void }
    | undefined;
  /** Milliseconds a store step may take before the local fallback takes over. @default 2000 */
  stepTimeoutMs?: number;
  /** How long to stay on the local fallback before asking the store again. @default 5000 */
  probeMs?: number;
}

const randomId = () => crypto.randomUUID();

/**
 * The limiter of every client that shares a store: one budget across any number of processes, kept in
 * the store by one atomic step per acquire and per release. The high lane goes first across every
 * instance (a waiting call notification holds back normal work everywhere) and keeps its reserve.
 *
 * When the store fails or is slower than `stepTimeoutMs`, requests fall back to this process's own
 * limit (the inherited {@link RateLimiter}) at once; that is logged once per outage, and the store is
 * asked again after `probeMs`. Nothing waits on a dead store.
 */
export class SharedRateLimiter extends RateLimiter {
  readonly #store: LimiterStore;
  readonly #key: string;
  readonly #windows: readonly { sizeMs: number; limit: number; reserve: number }[];
  readonly #holdMs: number;
  readonly #logger: SharedLimiterOptions['logger'];
  readonly #stepTimeoutMs: number;
  readonly #probeMs: number;
  readonly #lanes: Record<Priority, Waiter[]> = { high: [], normal: [] };
  /** Until when the local fallback serves requests (0: the store does). */
  #fallbackUntil = 0;
  #outage = false;
  #busy = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: Required<RateLimitOptions>, shared: SharedLimiterOptions, margin = 25) {
    super(options, { margin });
    this.#store = shared.store;
    this.#key = shared.key ?? 'limiter:egress';
    this.#windows = [
      { sizeMs: 1000 + margin, limit: options.perSecond },
      { sizeMs: 60_000 + margin, limit: options.perMinute },
    ].map((w) => ({ ...w, reserve: Math.min(w.limit - 1, Math.floor(w.limit * HIGH_RESERVE)) }));
    this.#holdMs = shared.holdMs;
    this.#logger = shared.logger;
    this.#stepTimeoutMs = shared.stepTimeoutMs ?? 2_000;
    this.#probeMs = shared.probeMs ?? 5_000;
  }

  override acquire(priority: Priority = 'normal'): Promise<Release> {
    if (this.#local()) return super.acquire(priority);
    return new Promise((resolve) => {
      this.#lanes[priority].push({ resolve });
      void this.#pump();
    });
  }

  override get pending(): { high: number; normal: number } {
    const local = super.pending;
    return {
      high: local.high + this.#lanes.high.length,
      normal: local.normal + this.#lanes.normal.length,
    };
  }

  #local(): boolean {
    return this.#fallbackUntil > performance.now();
  }

  #step(step: Parameters<LimiterStore['limit']>[1]): Promise<{ granted: boolean; retryInMs: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('store step timed out')), this.#stepTimeoutMs);
      this.#store.limit(this.#key, step).then(
        (decision) => {
          clearTimeout(timer);
          resolve(decision);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  #fallBack(error: unknown): void {
    this.#fallbackUntil = performance.now() + this.#probeMs;
    if (!this.#outage) {
      this.#outage = true;
      this.#logger?.warn?.('rate limit store unreachable: using the local limit of this process', {
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
    // Everyone waiting on the store moves to the local limiter, in lane order.
    for (const priority of ['high', 'normal'] as const) {
      for (const waiter of this.#lanes[priority].splice(0)) {
        void super.acquire(priority).then(waiter.resolve);
      }
    }
  }

  #wake(ms: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#pump();
    }, ms);
  }

  async #pump(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (;;) {
        const lane = this.#lanes.high.length > 0 ? this.#lanes.high : this.#lanes.normal;
        const next = lane[0];
        if (!next) return;
        if (this.#local()) {
          this.#fallBack(new Error('fallback'));
          return;
        }
        const priority: Priority = lane === this.#lanes.high ? 'high' : 'normal';
        next.id ??= randomId();
        const id = next.id;
        let decision: { granted: boolean; retryInMs: number };
        try {
          decision = await this.#step({
            op: 'acquire',
            id,
            priority,
            windows: this.#windows,
            holdMs: this.#holdMs,
          });
        } catch (error) {
          this.#fallBack(error);
          return;
        }
        if (this.#outage) {
          this.#outage = false;
          this.#logger?.info?.('rate limit store reachable again: using the shared limit');
        }
        if (!decision.granted) {
          // A high arrival or a local release pumps sooner; others' releases are seen on the next ask.
          this.#wake(Math.max(1, decision.retryInMs));
          return;
        }
        lane.shift();
        let released = false;
        next.resolve(() => {
          if (released) return;
          released = true;
          this.#step({ op: 'release', id, priority, windows: this.#windows, holdMs: this.#holdMs }).then(
            () => void this.#pump(),
            // The hold expires on its own after holdMs; a dead store is noticed by the next acquire.
            () => {},
          );
        });
      }
    } finally {
      this.#busy = false;
    }
  }
}
