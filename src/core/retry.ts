/** How failed requests are retried. Writes are only retried when Altegio certainly did not process them. */
export interface RetryOptions {
  /**
   * Retries after the first attempt; `0` turns retries off.
   * @default 2
   */
  limit?: number;
  /**
   * Base of the exponential backoff in ms; each wait is a random value between half and all of
   * `initialDelay * 2 ** retry`, capped at `maxDelay`.
   * @default 500
   */
  initialDelay?: number;
  /**
   * Longest backoff between two attempts in ms.
   * @default 8000
   */
  maxDelay?: number;
  /**
   * Longest `Retry-After` (ms) the SDK waits for; a longer one fails at once with `RateLimitError`.
   * @default 60000
   */
  maxRetryAfter?: number;
}

export type NormalizedRetry = Readonly<Required<RetryOptions>>;

/** Backoff before retry number `retry` (0-based), with "equal jitter". */
export function backoff(options: NormalizedRetry, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelay, options.initialDelay * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds; undefined when absent or garbage. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
