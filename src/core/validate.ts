import type * as z from 'zod/mini';
import { InvalidInputError } from '../errors/invalid-input-error';
import { parseWithIssues } from './zod-messages';

/**
 * Parses a method's input with its request schema (zod/mini, or any `z.core.$ZodType`); throws
 * `InvalidInputError` (nothing sent) on failure. Messages never echo the input.
 */
export function parseInput<Schema extends z.core.$ZodType>(
  operation: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = parseWithIssues(schema, input);
  if (result.success) return result.data;
  throw new InvalidInputError(operation, result.issues);
}
