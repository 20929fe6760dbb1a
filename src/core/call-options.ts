/**
 * The last, optional argument of every client call.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 2_000);
 * await altegio.marketplace.getInstallation(456, { signal: controller.signal });
 * ```
 */
export interface CallOptions {
  /**
   * Aborts the call: it rejects with `RequestAbortedError` and is not retried (a write already sent
   * rejects with `OutcomeUnknownError`, since it may have reached Altegio). An iterator stops at its
   * next request.
   * @default undefined (not abortable)
   */
  signal?: AbortSignal | undefined;
}
