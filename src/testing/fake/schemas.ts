import * as z from 'zod';
import { ISO_DATE_TIME, MARKETPLACE_DATE_TIME } from '../../core/dates';

// What the fake checks in request bodies: the reference's field tables (§3, §4.1) and the formats of §2.6.
const id = z.number().int().positive();
const marketplaceDateTime = z.string().regex(MARKETPLACE_DATE_TIME, 'must be "YYYY-MM-DD HH:MM:SS"');
const isoDateTime = z
  .string()
  .regex(ISO_DATE_TIME, 'must be ISO 8601 with seconds and an offset, e.g. "2026-09-01T14:40:28-05:00"');
const nonEmpty = z.string().min(1);

/** §3.1 / §3.2 body. */
export const activationBody = z.looseObject({
  salon_id: id,
  application_id: id,
  api_key: z.union([nonEmpty, z.number()]).optional(),
  webhook_urls: z.array(z.url()).max(10).optional(),
  chat_url: z.url({ protocol: /^https$/ }).optional(),
  tips_url: z.url({ protocol: /^https$/ }).optional(),
  channels: z.array(z.enum(['sms', 'whatsapp'])).optional(),
  login: nonEmpty.optional(),
  secret_key: nonEmpty.optional(),
});

/** §3.3 body. */
export const paymentBody = z.looseObject({
  salon_id: id,
  application_id: id,
  currency_iso: z.string().regex(/^[A-Z]{3}$/, 'must be three upper-case letters, e.g. "USD"'),
  payment_sum: z.number().nonnegative(),
  payment_date: marketplaceDateTime,
  period_from: marketplaceDateTime,
  period_to: marketplaceDateTime,
});

/** §3.9 body. */
export const discountBody = z.looseObject({
  salon_ids: z.array(id).min(1).max(1000),
  application_id: id,
  discount: z.number(),
});

/** §3.11 body. */
export const channelBody = z.looseObject({
  salon_id: id,
  application_id: id,
  channel_slug: z.enum(['sms', 'whatsapp']),
  is_available: z.boolean(),
});

/** §3.12 body. */
export const shortNamesBody = z.looseObject({
  salon_id: id,
  application_id: id,
  short_names: z.array(nonEmpty).min(1).max(20),
});

const direction = z.enum(['incoming', 'outgoing', 'internal']);

/** §4.1 body: one endpoint, three commands. */
export const voipBody = z.discriminatedUnion('command', [
  z.looseObject({ command: z.literal('setup'), type: z.enum(['enable', 'disable']), crm_token: nonEmpty }),
  z.looseObject({
    command: z.literal('event'),
    type: direction,
    crm_token: nonEmpty,
    phone: nonEmpty,
    diversion: nonEmpty,
    user: z.string().optional(),
  }),
  z.looseObject({
    command: z.literal('history'),
    type: direction,
    crm_token: nonEmpty,
    phone: nonEmpty,
    diversion: nonEmpty,
    user: z.string().optional(),
    duration: z.number().int().nonnegative().optional(),
    link: z.string().optional(),
    call_id: z.string().optional(),
    status: z.enum(['success', 'missed']).optional(),
    date: isoDateTime.optional(),
  }),
]);
export type VoipBody = z.output<typeof voipBody>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, 'must be "YYYY-MM-DD"');
const callStatus = z.enum(['success', 'missed', 'cancel', 'busy', 'notallowed', 'notavailable', 'notfound']);

/** §4.2 filters, read from the query string (arrays PHP-style). */
export const callsQuery = z.object({
  salon_id: z.coerce.number().int().positive(),
  date_from: day,
  date_to: day,
  phone: z.string().optional(),
  types: z.array(direction).optional(),
  statuses: z.array(callStatus).optional(),
  page: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Altegio-style `meta.errors` from zod issues. */
export function toWireErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
}
