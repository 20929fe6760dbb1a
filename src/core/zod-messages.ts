import en from 'zod/v4/locales/en.js';
import type * as z from 'zod/mini';

/**
 * English issue messages for every parse the client runs ("Too small: expected number to be >=1").
 * zod/mini loads no locale of its own (it would say "Invalid input"); passing the map per parse keeps
 * it scoped to this SDK, without changing the caller's global zod config.
 */
export const englishIssues: z.core.$ZodErrorMap = en().localeError;
