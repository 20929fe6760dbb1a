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
