import { InvalidInputError } from '../errors/invalid-input-error';

/**
 * How {@link normalizePhone} writes a number: `e164` = `+` and digits (what Altegio's examples use),
 * `digits` = digits only (what YCLIENTS' examples and `user_data.phone` use).
 */
export type PhoneFormat = 'e164' | 'digits';

// Spaces (incl. no-break), dashes, dots, slashes and brackets that PBXs and CRMs put in numbers.
const separators = /[\s\u00a0\u2000-\u200b\-‐‑‒–—.()/[\]]/g;

/**
 * Rewrites a phone number the way Altegio stores it. Opt-in: `notifyCall` and `saveCall` send
 * numbers exactly as you pass them; call this first when your PBX adds separators or you need one
 * format for every vendor.
 *
 * It strips spaces, dashes, dots, slashes and brackets, and reads a leading `00` as `+`. It does not
 * add a country code: a national number (`8 916 123-45-67`) keeps its digits, so pass numbers that
 * already carry the country code when you ask for `e164`.
 *
 * @param phone A number such as `+1 (315) 555-0175`, `0013155550175` or `13155550175`.
 * @param format `e164` → `+13155550175`; `digits` → `13155550175`.
 * @default format 'e164'
 * @throws {InvalidInputError} when the number holds letters or other characters, a `+` that is not
 * leading, or not 1–20 digits. The number itself is not echoed.
 * @example
 * ```ts
 * import { normalizePhone } from 'altegio-marketplace';
 *
 * normalizePhone('+1 (315) 555-0175'); // '+13155550175'
 * normalizePhone('+1 (315) 555-0175', 'digits'); // '13155550175'
 * ```
 */
export function normalizePhone(phone: string, format: PhoneFormat = 'e164'): string {
  if (format !== 'e164' && format !== 'digits') {
    throw new InvalidInputError('normalizePhone', [
      { path: ['format'], message: 'Expected "e164" or "digits"' },
    ]);
  }
  const compact = typeof phone === 'string' ? phone.trim().replace(separators, '') : '';
  const match = /^(\+|00)?(\d{1,20})$/.exec(compact);
  if (!match?.[2]) {
    throw new InvalidInputError('normalizePhone', [
      {
        path: ['phone'],
        message:
          'Expected a phone number: digits with an optional leading "+" or "00" and separators (spaces, dashes, dots, brackets)',
      },
    ]);
  }
  return format === 'e164' ? `+${match[2]}` : match[2];
}
