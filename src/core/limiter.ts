/** Client-side rate limit. Altegio allows 200 requests a minute or 5 a second per IP address. */
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

interface Waiter {
  resolve: () => void;
}

/**
 * Sliding-window limiter with two lanes. It keeps the send times of recent requests and lets one go
 * when every window has room, which holds against a server that counts in fixed or sliding windows.
 */
export class RateLimiter {
  readonly #windows: readonly { size: number; limit: number }[];
  readonly #margin: number;
  readonly #now: () => number;
  readonly #sent: number[] = [];
  readonly #lanes: Record<Priority, Waiter[]> = { high: [], normal: [] };
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** @param margin ms added to each window, so that network jitter cannot squeeze two windows into one. */
  constructor(
    options: Required<RateLimitOptions>,
    { margin = 25, now = Date.now }: { margin?: number; now?: () => number } = {},
  ) {
    this.#windows = [
      { size: 1000, limit: options.perSecond },
      { size: 60_000, limit: options.perMinute },
    ];
    this.#margin = margin;
    this.#now = now;
  }

  /** Resolves when the request may be sent; the send is counted at that moment. */
  acquire(priority: Priority = 'normal'): Promise<void> {
    return new Promise((resolve) => {
      this.#lanes[priority].push({ resolve });
      this.#pump();
    });
  }

  /** Requests waiting in each lane. */
  get pending(): { high: number; normal: number } {
    return { high: this.#lanes.high.length, normal: this.#lanes.normal.length };
  }

  #waitFor(now: number): number {
    let wait = 0;
    for (const { size, limit } of this.#windows) {
      const edge = this.#sent[this.#sent.length - limit];
      if (edge !== undefined) wait = Math.max(wait, edge + size + this.#margin - now);
    }
    return wait;
  }

  #pump(): void {
    if (this.#timer !== undefined) return;
    for (;;) {
      const next = this.#lanes.high[0] ?? this.#lanes.normal[0];
      if (!next) return;
      const now = this.#now();
      const wait = this.#waitFor(now);
      if (wait > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, wait);
        return;
      }
      (this.#lanes.high.length > 0 ? this.#lanes.high : this.#lanes.normal).shift();
      this.#sent.push(now);
      const keep = this.#windows.reduce((max, w) => Math.max(max, w.limit), 0);
      if (this.#sent.length > keep) this.#sent.splice(0, this.#sent.length - keep);
      next.resolve();
    }
  }
}
