import * as z from 'zod/mini';
import { isIdText, isPositiveId } from '../core/rules';

// The id and amount schemas of webhook bodies. Plain predicates in z.custom rather than
// z.int()/z.regex()/unions/pipes: each zod/mini feature adds to the entry's size, and each layer to the
// time of every parse. Callers convert with Number().

const NON_NEGATIVE = /^\d{1,15}$/;

/**
 * An id of the envelope (location, application, payment, entity): a positive integer, or a string of
 * its digits without leading zeros (older Altegio answers quote ids); read it with `Number()`.
 */
export const id = z.custom<number | string>(
  (v) => isPositiveId(v) || isIdText(v),
  'expected a positive integer id',
);

/**
 * A reference inside an entity's `data`: as {@link id}, but 0 is allowed, since Altegio writes 0 for
 * "none" in some of them (a record's `staff_id` when any team member may take it).
 */
export const ref = z.custom<number | string>(
  (v) =>
    typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : typeof v === 'string' && NON_NEGATIVE.test(v),
  'expected a non-negative integer id',
);

/** A money amount: a JSON number, or a decimal string (as PHP backends sometimes send), kept as given. */
export const decimal = z.custom<number | string>(
  (v) =>
    typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && /^-?\d{1,15}(\.\d{1,10})?$/.test(v),
  'expected a number',
);
