import * as z from 'zod';

// Shared readers of Altegio's answers. Older endpoints and the older reference send ids, sums and flags
// as numeric strings (`"id": "1050"`, `"duration": "12"`): every resource reads both.

/** A number Altegio sends: a JSON number or a numeric string (`"12"`, `"29.90"`, `"-3"`). */
export const numeric = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
  z.number(),
);

/** An id Altegio sends: an integer, as a number or a numeric string. */
export const idOutput = numeric.pipe(z.number().int());
