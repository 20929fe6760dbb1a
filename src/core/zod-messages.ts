import { safeParse } from 'zod/mini';
import type * as z from 'zod/mini';

// The English messages of zod's own locale, for the issue codes the client's schemas can raise, in
// about a quarter of its size. zod/mini loads no locale (it would say "Invalid input" for everything);
// passing this map per parse keeps it scoped to this SDK, without touching the caller's zod config.

const units: Record<string, string> = { string: 'characters', array: 'items', set: 'items', map: 'entries' };

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isNaN(value) ? 'NaN' : typeof value;

const show = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : String(value));

/**
 * English issue messages, e.g. "Too small: expected number to be >=1" or "Invalid input: expected
 * string, received number". Never echoes the input itself (only its type).
 */
export const englishIssues: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected}, received ${typeOf(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${show(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(show).join('|')}`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = big ? issue.maximum : issue.minimum;
      const adj = issue.exact ? 'exactly ' : `${big ? '<' : '>'}${issue.inclusive ? '=' : ''}`;
      const unit = units[issue.origin];
      const what = unit ? `to have ${adj}${limit} ${unit}` : `to be ${adj}${limit}`;
      return `Too ${big ? 'big' : 'small'}: expected ${issue.origin} ${what}`;
    }
    case 'invalid_format':
      return issue.format === 'regex'
        ? `Invalid string: must match pattern ${issue.pattern}`
        : `Invalid ${issue.format}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    default:
      return 'Invalid input';
  }
};

/** What {@link parseWithIssues} found wrong: each issue's path and English message, never the input. */
export interface ParseIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Parses `value` with `schema`. The first pass runs without parse options: passing them costs about
 * 2 µs a parse (a third of an answer's validation) even when it succeeds. Only a value that fails is
 * parsed again, with English messages and without the input in its issues; the schemas are pure, so
 * both passes agree.
 */
export function parseWithIssues<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
): { success: true; data: z.output<S> } | { success: false; issues: ParseIssue[] } {
  const fast = safeParse(schema, value);
  if (fast.success) return fast;
  const checked = safeParse(schema, value, { reportInput: false, error: englishIssues });
  if (checked.success) return checked;
  const issues = checked.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  return { success: false, issues };
}
