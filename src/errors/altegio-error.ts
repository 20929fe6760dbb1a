import type { AltegioApiError } from './altegio-api-error';
import type { AuthenticationError } from './authentication-error';
import type { ConfigurationError } from './configuration-error';
import type { ConnectRedirectError } from './connect-redirect-error';
import type { ConnectionError } from './connection-error';
import type { IdempotencyConflictError } from './idempotency-conflict-error';
import type { InstallationStateError } from './installation-state-error';
import type { InvalidInputError } from './invalid-input-error';
import type { NotFoundError } from './not-found-error';
import type { OutcomeUnknownError } from './outcome-unknown-error';
import type { PermissionDeniedError } from './permission-denied-error';
import type { RateLimitError } from './rate-limit-error';
import type { RequestAbortedError } from './request-aborted-error';
import type { ResponseValidationError } from './response-validation-error';
import type { ServerError } from './server-error';
import type { StoreUnavailableError } from './store-unavailable-error';
import type { TimeoutError } from './timeout-error';
import type { UnexpectedRedirectError } from './unexpected-redirect-error';
import type { ValidationError } from './validation-error';
import type { WebhookVerificationError } from './webhook-verification-error';

// A global symbol: every copy of the package (ESM and CJS entries, two versions) reads the same one.
// Its value is the instance's class-name chain below the base, most derived first, e.g.
// ['NotFoundError', 'AltegioApiError'], from the constructors' names: the package's build keeps them
// (test/build checks it); an app whose minifier renames classes should keep class names for checks
// against an intermediate class such as AltegioApiError across copies.
const brand = Symbol.for('altegio-marketplace.error');

const ownInstanceOf = Function.prototype[Symbol.hasInstance];

function chainOf(value: unknown): readonly string[] | undefined {
  const chain = (value as Record<symbol, unknown> | null | undefined)?.[brand];
  // The instance's own `name` (a string literal, which survives an app's minifier) and the base
  // class always count, also when a minifier renamed the classes in between.
  return Array.isArray(chain) ? [(value as Error).name, ...chain, 'AltegioError'] : undefined;
}

/**
 * Base class of every error this SDK throws.
 *
 * `instanceof` works across the package's entries and across two loaded copies of it (ESM and CJS,
 * or two bundles): each error carries a global-symbol brand with its class names, and every error
 * class checks that brand. {@link isAltegioError} does the same check as a type guard.
 *
 * No error of this SDK ever contains the partner token, user token, CRM token or API key.
 *
 * @example
 * ```ts
 * try { await altegio.marketplace.activate({ locationId }); }
 * catch (error) { if (error instanceof NotFoundError) console.error('unknown location', error.path); }
 * ```
 */
export class AltegioError extends Error {
  override name = 'AltegioError';

  /**
   * Tells whether `value` is an instance of this class, from this copy of the package or another:
   * a real prototype match, or a branded SDK error whose class-name chain includes this class's name.
   *
   * @param value The left-hand side of `instanceof`.
   * @example
   * ```ts
   * const error = new NotFoundError({ status: 404, method: 'GET', path: '/x' });
   * error instanceof AltegioError; // true, also for a NotFoundError from the other (CJS/ESM) copy
   * ```
   */
  static override [Symbol.hasInstance]<Class extends abstract new (...args: never) => unknown>(
    this: Class,
    value: unknown,
  ): value is InstanceType<Class> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`.
    if (ownInstanceOf.call(this, value)) return true;
    const chain = chainOf(value);
    // The base class accepts any branded error, whatever a minifier did to the class names.
    // biome-ignore lint/complexity/noThisInStatic: as above; a subclass inherits this method.
    if (this === base) return chain !== undefined;
    // biome-ignore lint/complexity/noThisInStatic: as above.
    return chain?.includes(this.name) ?? false;
  }

  /**
   * @param message What went wrong; never contains a secret.
   */
  constructor(message: string) {
    super(message);
    // The class names from this instance's class down to, not including, the base, most derived
    // first. (The class body does not name its own class: a bundler would then rename it.)
    const names: string[] = [];
    for (let ctor: unknown = new.target; ctor !== Error; ctor = Object.getPrototypeOf(ctor)) {
      names.push((ctor as { name: string }).name);
    }
    names.pop();
    Object.defineProperty(this, brand, { value: names });
  }
}

// Set after the class, not named inside its body (a bundler renames a class that names itself).
const base: unknown = AltegioError;

/** Every error class of the SDK by its `name`, for the typed form of {@link isAltegioError}. */
export interface AltegioErrorClasses {
  /** The base class. */
  AltegioError: AltegioError;
  /** Altegio answered with an error. */
  AltegioApiError: AltegioApiError;
  /** HTTP 401. */
  AuthenticationError: AuthenticationError;
  /** Wrong or missing client option. */
  ConfigurationError: ConfigurationError;
  /** A connect redirect that does not verify. */
  ConnectRedirectError: ConnectRedirectError;
  /** The request did not reach Altegio. */
  ConnectionError: ConnectionError;
  /** An idempotency key that cannot be used now; nothing was sent. */
  IdempotencyConflictError: IdempotencyConflictError;
  /** `activate` found no pending installation; nothing was sent. */
  InstallationStateError: InstallationStateError;
  /** A method's input failed validation; nothing was sent. */
  InvalidInputError: InvalidInputError;
  /** HTTP 404. */
  NotFoundError: NotFoundError;
  /** A write whose outcome is unknown. */
  OutcomeUnknownError: OutcomeUnknownError;
  /** HTTP 403. */
  PermissionDeniedError: PermissionDeniedError;
  /** HTTP 429. */
  RateLimitError: RateLimitError;
  /** The caller's `signal` aborted the call. */
  RequestAbortedError: RequestAbortedError;
  /** Altegio's answer did not have the documented shape. */
  ResponseValidationError: ResponseValidationError;
  /** HTTP 5xx. */
  ServerError: ServerError;
  /** The store (Redis) could not be reached; a call that needs it sent nothing. */
  StoreUnavailableError: StoreUnavailableError;
  /** No answer within the timeout. */
  TimeoutError: TimeoutError;
  /** A 3xx answer where none is expected; nothing was followed. */
  UnexpectedRedirectError: UnexpectedRedirectError;
  /** HTTP 422 (or 400). */
  ValidationError: ValidationError;
  /** A webhook that does not verify. */
  WebhookVerificationError: WebhookVerificationError;
}

/** The `name` of one of the SDK's error classes. */
export type AltegioErrorName = keyof AltegioErrorClasses;

/**
 * Tells whether `value` is an error thrown by this SDK (any copy of it). Reads a global-symbol brand,
 * not the class identity, so it holds across the ESM and CJS builds and across bundled copies.
 *
 * @param value Anything, typically a caught error.
 * @example
 * ```ts
 * try { await altegio.marketplace.getInstallation(locationId); }
 * catch (error) { if (isAltegioError(error)) console.error(error.name, error.message); }
 * ```
 */
export function isAltegioError(value: unknown): value is AltegioError;
/**
 * Tells whether `value` is an SDK error of the class called `name` or a subclass of it (any copy of
 * the package), and narrows it to that class.
 *
 * @param value Anything, typically a caught error.
 * @param name The class to test for, e.g. `'NotFoundError'`.
 * @example
 * ```ts
 * try { await altegio.marketplace.getInstallation(locationId); }
 * catch (error) {
 *   if (isAltegioError(error, 'NotFoundError')) console.error('not installed', error.status);
 *   else throw error;
 * }
 * ```
 */
export function isAltegioError<Name extends AltegioErrorName>(
  value: unknown,
  name: Name,
): value is AltegioErrorClasses[Name];
export function isAltegioError(value: unknown, name?: string): boolean {
  const chain = chainOf(value);
  if (chain === undefined) return false;
  return name === undefined || chain.includes(name);
}
