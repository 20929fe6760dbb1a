import { InvalidInputError } from '../errors/invalid-input-error';

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

const isAbortSignal = (value: unknown): value is AbortSignal =>
  (typeof AbortSignal !== 'undefined' && value instanceof AbortSignal) ||
  // A signal of another realm or a polyfill: the two members the transport uses.
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function');

/**
 * @internal Checks the last argument of a client call, once, before anything is sent: `undefined`, or
 * an object whose `signal` is `undefined` or an `AbortSignal`. Other fields (a method's own options) are
 * left to the method.
 *
 * @returns `{ signal }`, the only field the transport reads.
 * @throws {InvalidInputError} `null`, a non-object, or a `signal` that is not an `AbortSignal`.
 */
export function callOptions(operation: string, call: unknown): CallOptions {
  if (call === undefined) return {};
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    throw new InvalidInputError(operation, [
      { path: [], message: 'Expected the call options to be an object such as { signal }, or nothing' },
    ]);
  }
  const { signal } = call as { signal?: unknown };
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new InvalidInputError(operation, [
      { path: ['signal'], message: 'Expected an AbortSignal (e.g. new AbortController().signal)' },
    ]);
  }
  return { signal };
}
