import { ConfigurationError } from '../errors/configuration-error';

// The input rules, once, as plain predicates: no zod here, so every entry (the webhooks entry too)
// can use them. The zod and zod/mini schemas in rules-zod.ts and rules-mini.ts build on these.

/** The digits of a positive id, without leading zeros (ids Altegio quotes as strings). */
const POSITIVE_DIGITS = /^[1-9]\d{0,15}$/;

/**
 * Whether `value` is a usable partner (or user) token: a string with at least one non-space
 * character. A blank token would make a blank `partner_token` in a forged webhook compare equal.
 *
 * @example
 * ```ts
 * isPartnerToken('abc'); // true
 * isPartnerToken('   '); // false
 * ```
 */
export function isPartnerToken(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Whether `value` is a positive safe integer, the shape of every Altegio id (application, location,
 * chain, payment).
 *
 * @example
 * ```ts
 * isPositiveId(123); // true
 * isPositiveId(0); // false
 * ```
 */
export function isPositiveId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Whether `value` is your Marketplace application id: a positive integer.
 *
 * @example
 * ```ts
 * isApplicationId(123); // true
 * ```
 */
export const isApplicationId: (value: unknown) => value is number = isPositiveId;

/**
 * Whether `value` is a location (`salon_id`) id: a positive integer.
 *
 * @example
 * ```ts
 * isLocationId(456); // true
 * isLocationId('456'); // false: use isIdText for wire text
 * ```
 */
export const isLocationId: (value: unknown) => value is number = isPositiveId;

/**
 * Whether `value` is the text of a positive id as Altegio writes it (`"456"`, no sign, no leading zero).
 *
 * @example
 * ```ts
 * isIdText('456'); // true
 * isIdText('0456'); // false
 * ```
 */
export function isIdText(value: unknown): value is string {
  return typeof value === 'string' && POSITIVE_DIGITS.test(value) && Number.isSafeInteger(Number(value));
}

/**
 * Whether `value` is a chain's CRM token: 1 to 256 characters, none of them whitespace.
 *
 * @example
 * ```ts
 * isCrmToken('f1e2d3'); // true
 * isCrmToken('a b'); // false
 * ```
 */
export function isCrmToken(value: unknown): value is string {
  return typeof value === 'string' && /^\S{1,256}$/.test(value);
}

/** The message each rule's failure carries; never echoes the value. */
export const RULE_MESSAGES = /* @__PURE__ */ Object.freeze({
  partnerToken: 'expected a non-blank token string',
  applicationId: 'expected a positive integer application id',
  locationId: 'expected a positive integer location id',
  crmToken: 'expected the chain CRM token: 1 to 256 characters without spaces',
});

/** @internal Checks a numeric option once; `min` 1 for sizes, 0 for durations. */
export function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigurationError(
      name,
      `${name} must be an integer of at least ${min}; got ${String(value)}.`,
    );
  }
  return value;
}
