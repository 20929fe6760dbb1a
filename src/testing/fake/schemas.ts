import * as z from 'zod';
import { ISO_DATE_TIME, MARKETPLACE_DATE_TIME } from '../../core/dates';
import { applicationIdSchema, crmTokenSchema, locationIdSchema } from '../../core/rules-zod';
import type { FakeWebhookSettingsWire } from './types';

// What the fake checks in request bodies: Altegio's field tables and date formats.
const marketplaceDateTime = z.string().regex(MARKETPLACE_DATE_TIME, 'must be "YYYY-MM-DD HH:MM:SS"');
const isoDateTime = z
  .string()
  .regex(ISO_DATE_TIME, 'must be ISO 8601 with seconds and an offset, e.g. "2026-09-01T14:40:28-05:00"');
const nonEmpty = z.string().min(1);

/** `POST /marketplace/partner/callback` (and `/redirect`) body. */
export const activationBody = z.looseObject({
  salon_id: locationIdSchema,
  application_id: applicationIdSchema,
  api_key: z.union([nonEmpty, z.number()]).optional(),
  webhook_urls: z.array(z.url()).max(10).optional(),
  chat_url: z.url({ protocol: /^https$/ }).optional(),
  tips_url: z.url({ protocol: /^https$/ }).optional(),
  channels: z.array(z.enum(['sms', 'whatsapp'])).optional(),
  login: nonEmpty.optional(),
  secret_key: nonEmpty.optional(),
});

/** `POST /marketplace/partner/payment` body. */
export const paymentBody = z.looseObject({
  salon_id: locationIdSchema,
  application_id: applicationIdSchema,
  currency_iso: z.string().regex(/^[A-Z]{3}$/, 'must be three upper-case letters, e.g. "USD"'),
  payment_sum: z.number().nonnegative(),
  payment_date: marketplaceDateTime,
  period_from: marketplaceDateTime,
  period_to: marketplaceDateTime,
});

/** `POST /marketplace/application/add_discount` body. */
export const discountBody = z.looseObject({
  salon_ids: z.array(locationIdSchema).min(1).max(1000),
  application_id: applicationIdSchema,
  discount: z.number(),
});

/** `POST /marketplace/application/update_channel` body. */
export const channelBody = z.looseObject({
  salon_id: locationIdSchema,
  application_id: applicationIdSchema,
  channel_slug: z.enum(['sms', 'whatsapp']),
  is_available: z.boolean(),
});

/** `POST /marketplace/partner/short_names` body. */
export const shortNamesBody = z.looseObject({
  salon_id: locationIdSchema,
  application_id: applicationIdSchema,
  short_names: z.array(nonEmpty).min(1).max(20),
});

const direction = z.enum(['incoming', 'outgoing', 'internal']);

/** `POST /voip/integration` body: one endpoint, three commands. */
export const voipBody = z.discriminatedUnion('command', [
  z.looseObject({
    command: z.literal('setup'),
    type: z.enum(['enable', 'disable']),
    crm_token: crmTokenSchema,
  }),
  z.looseObject({
    command: z.literal('event'),
    type: direction,
    crm_token: crmTokenSchema,
    phone: nonEmpty,
    diversion: nonEmpty,
    user: z.string().optional(),
  }),
  z.looseObject({
    command: z.literal('history'),
    type: direction,
    crm_token: crmTokenSchema,
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

/** `GET /voip/integration/calls` filters, read from the query string (arrays PHP-style). */
export const callsQuery = z.object({
  salon_id: z.coerce.number().pipe(locationIdSchema),
  date_from: day,
  date_to: day,
  phone: z.string().optional(),
  types: z.array(direction).optional(),
  statuses: z.array(callStatus).optional(),
  page: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const flag = z.union([z.literal(0), z.literal(1)]);

/** `POST /marketplace/application/install_frame` body. */
export const frameBody = z.looseObject({
  salon_id: locationIdSchema,
  application_id: applicationIdSchema,
  type: z.literal('chat'),
  url: z.url(),
});

/** The entity switches of `hooks_settings`, in the order Altegio lists them. */
export const HOOK_FLAGS = [
  'salon',
  'service_category',
  'service',
  'good',
  'master',
  'client',
  'record',
  'goods_operations_sale',
  'goods_operations_receipt',
  'goods_operations_consumable',
  'goods_operations_stolen',
  'goods_operations_move',
  'finances_operation',
] as const;

/** `POST /hooks_settings/{location_id}` body: `urls` and `active` required, at most 10 URLs. */
export const settingsBody = z.looseObject({
  urls: z.array(z.url()).max(10, 'may hold at most 10 URLs'),
  active: flag,
  ...Object.fromEntries(HOOK_FLAGS.map((name) => [name, flag.optional()])),
  self_sending: flag.optional(),
});

/** The settings of a location nobody configured: no URLs, everything off. */
export function emptyWebhookSettings(): FakeWebhookSettingsWire {
  return { urls: [], active: 0, ...Object.fromEntries(HOOK_FLAGS.map((name) => [name, 0])) };
}

/** Altegio-style `meta.errors` from zod issues. */
export function toWireErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
}
