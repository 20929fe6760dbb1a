import * as z from 'zod/mini';
import { InvalidInputError } from '../errors/invalid-input-error';

/**
 * Parses a method's input with its request schema (zod or zod/mini); throws `InvalidInputError`
 * (nothing sent) on failure.
 */
export function parseInput<Schema extends z.core.$ZodType>(
  operation: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = z.safeParse(schema, input, { reportInput: false });
  if (result.success) return result.data;
  throw new InvalidInputError(
    operation,
    result.error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
  );
}
