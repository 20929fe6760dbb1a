/**
 * Where the SDK reports requests, retries and failures. `console` fits. Every data object it receives
 * has already been redacted: no token or API key reaches it.
 */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  info?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
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
