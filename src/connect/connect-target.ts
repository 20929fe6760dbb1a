import * as z from 'zod/mini';
import { object } from '../core/objects';
import { idInput } from '../core/wire';

/** What `altegio.connect` needs from a parsed redirect (the result of `parseConnectRedirect` fits as is). */
export const connectTargetSchema = object({
  /** Locations to activate. */
  locationIds: z.array(idInput).check(z.minLength(1), z.maxLength(1000)),
  /** The chain's CRM token; when present, telephony is enabled after the locations. */
  crmToken: z.optional(z.string()),
});
/** What `altegio.connect` needs from a parsed redirect (the result of `parseConnectRedirect` fits as is). */
export type ConnectTarget = z.input<typeof connectTargetSchema>;
