import * as z from 'zod/mini';
import { looseObject } from './objects';
import { isPositiveId } from './rules';

// Shared wire pieces of every resource (marketplace, dictionaries, telephony, connect), on zod/mini so
// the root entry bundles no full zod. Older endpoints and the older reference send ids, sums and flags
// as numeric strings (`"id": "1050"`, `"duration": "12"`): every reader here accepts both.
//
// Naming, the same in every resource:
// - a schema is a value named `<thing>Schema` (`installationSchema`, `reportPaymentParamsSchema`);
// - a method's input type is `<Method>Params` (`ReportPaymentParams`, `ListCallsParams`), the
//   `z.input` of its schema; an answer's type is the noun (`Installation`, `Call`), its `z.output`.

const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** A number Altegio sends: a JSON number or a numeric string (`"12"`, `"29.90"`, `"-3"`). */
export const numeric = z.pipe(
  z.transform((value: unknown) =>
    typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value,
  ),
  z.number(),
);

/** An id Altegio sends: an integer, as a number or a numeric string. */
export const idOutput = z.pipe(numeric, z.int());

/** A 1/0 (or `"1"`/`"0"`) or boolean flag Altegio sends, read as a boolean. */
export const flag = z.union([
  z.boolean(),
  z.pipe(
    numeric,
    z.transform((n: number) => n !== 0),
  ),
]);

/** An id we send (location, payment, tariff option): a positive safe integer, the rule of `isPositiveId`. */
export const idInput = z.number().check(z.refine(isPositiveId, 'Expected a positive integer id'));

/**
 * An answer field that may be missing, `null` or malformed: each reads as `undefined`, and none breaks
 * the parse of the object around it. (Not `z.catch`, which pulls all of zod's util namespace into the
 * bundle: about 3.7 KB min+gz.)
 */
export const optional = <T extends z.core.$ZodType>(schema: T) =>
  z.optional(
    z.transform((value: unknown): z.output<T> | undefined => {
      if (value === undefined || value === null) return undefined;
      const result = z.safeParse(schema, value);
      return result.success ? (result.data ?? undefined) : undefined;
    }),
  );

/** `null` or missing as `undefined`; anything else must match `schema` (an input field that must not be dropped). */
export const nullishInput = <T extends z.core.$ZodType>(schema: T) =>
  z.pipe(
    z.nullish(schema),
    z.transform((value: z.output<T> | null | undefined) => value ?? undefined),
  );

/** A list field that may be missing or `null`: read as an empty list. */
export const listOf = <T extends z.core.$ZodType>(item: T) =>
  z.pipe(
    z.nullish(z.array(item)),
    z.transform((value: z.output<T>[] | null | undefined) => value ?? []),
  );

const snakeToCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Copies an object with camelCase keys (`salon` → `location`, `salon_group` → `chain`), one level deep. */
export function camelKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[snakeToCamel(key.replace(/salon_group/g, 'chain').replace(/salon/g, 'location'))] = item;
  }
  return out;
}

/**
 * A wire object read loosely (unknown fields kept) and mapped to its public shape by `map`: the one
 * pattern of every answer schema.
 */
export const answer = <Shape extends z.core.$ZodLooseShape, Out>(
  shape: Shape,
  map: (wire: z.output<z.ZodMiniObject<Shape, z.core.$loose>>) => Out,
) => z.pipe(looseObject(shape), z.transform(map));
