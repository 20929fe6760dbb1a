import type { RateLimitOptions } from '../../core/limiter';

// Altegio's request limit as the server side counts it: sliding windows of real time, per fake.

/** Counts requests over sliding windows; `false` counts nothing. @internal */
export class WindowCounter {
  readonly #limits: readonly { size: number; limit: number }[];
  readonly #sent: number[] = [];

  constructor(options: Required<RateLimitOptions> | false) {
    this.#limits =
      options === false
        ? []
        : [
            { size: 1000, limit: options.perSecond },
            { size: 60_000, limit: options.perMinute },
          ];
  }

  /** Counts one request; over the limit, returns the `Retry-After` seconds instead (and counts nothing). */
  hit(): number | undefined {
    if (this.#limits.length === 0) return undefined;
    const now = performance.now();
    const longest = Math.max(...this.#limits.map((limit) => limit.size));
    while (this.#sent.length > 0 && (this.#sent[0] ?? 0) <= now - longest) this.#sent.shift();
    let wait = 0;
    for (const { size, limit } of this.#limits) {
      const inWindow = this.#sent.filter((time) => time > now - size);
      if (inWindow.length >= limit) {
        const oldest = inWindow[inWindow.length - limit] ?? now;
        wait = Math.max(wait, oldest + size - now);
      }
    }
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    this.#sent.push(now);
    return undefined;
  }

  clear(): void {
    this.#sent.length = 0;
  }
}
