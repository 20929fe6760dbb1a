/**
 * Where the SDK reports requests, retries and failures. `console` fits. Every data object it receives
 * has already been redacted: no token or API key reaches it.
 */
export interface Logger {
  /** Each request and answer: method, path, attempt, status, duration. */
  debug?(message: string, data?: Record<string, unknown>): void;
  /** Notable events that are not problems. */
  info?(message: string, data?: Record<string, unknown>): void;
  /** A retry, with its reason and delay, or input the SDK sends but doubts (e.g. a discount over 100). */
  warn?(message: string, data?: Record<string, unknown>): void;
  /** A request that failed for good, with the error's message. */
  error?(message: string, data?: Record<string, unknown>): void;
}

/** Wraps a logger so that a method that throws cannot fail the request it reports on. */
export function guardLogger(logger: Logger | undefined): Logger | undefined {
  if (!logger) return undefined;
  const guarded: Logger = {};
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const method = logger[level];
    if (typeof method !== 'function') continue;
    guarded[level] = (message, data) => {
      try {
        method.call(logger, message, data);
      } catch {
        // A failing logger must not turn a processed request (say, a recorded payment) into an error.
      }
    };
  }
  return guarded;
}
