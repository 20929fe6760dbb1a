const brand = Symbol.for('altegio-marketplace.error');

/**
 * Base class of every error this SDK throws.
 *
 * Use {@link isAltegioError} rather than `instanceof` when two copies of the package may be loaded
 * (ESM and CJS, or two versions): the check reads a global symbol, not the class identity.
 *
 * No error of this SDK ever contains the partner token, user token, CRM token or API key.
 */
export class AltegioError extends Error {
  override name = 'AltegioError';

  constructor(message: string) {
    super(message);
    Object.defineProperty(this, brand, { value: true });
  }
}

/**
 * Tells whether `value` is an error thrown by this SDK (any copy of it).
 *
 * @example
 * ```ts
 * try { await altegio.marketplace.activate({ locationId }); }
 * catch (error) { if (isAltegioError(error)) console.error(error.name, error.message); }
 * ```
 */
export function isAltegioError(value: unknown): value is AltegioError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
