import * as z from 'zod/mini';
import { object } from '../core/objects';
import { answer, flag, idInput, listOf, optional } from '../core/wire';
import { webhookUrl, httpsUrl, MAX_WEBHOOK_URLS, TOO_MANY_WEBHOOK_URLS } from './schema-parts';

// The journal sidebar panel and the entity webhook settings.
// ---------------------------------------------------------------------------------------------------
// installFrame — POST app /marketplace/application/install_frame
// ---------------------------------------------------------------------------------------------------

/** Input of `marketplace.installFrame`. */
export const installFrameParamsSchema = object({
  /** Location (`salon_id`). */
  locationId: idInput,
  /** Frame type (`type`); Altegio installs the journal sidebar panel, `chat`. */
  type: z.literal('chat'),
  /** The frame's base URL (`url`), https. */
  url: httpsUrl,
});
/** Input of `marketplace.installFrame`. */
export type InstallFrameParams = z.input<typeof installFrameParamsSchema>;

// ---------------------------------------------------------------------------------------------------
// webhook settings — GET/POST api /hooks_settings/{location_id}
// ---------------------------------------------------------------------------------------------------

/** Wire name of each entity switch of the webhook settings, by SDK name. */
export const webhookEntityFields = {
  location: 'salon',
  serviceCategory: 'service_category',
  service: 'service',
  good: 'good',
  staff: 'master',
  client: 'client',
  record: 'record',
  goodsSale: 'goods_operations_sale',
  goodsReceipt: 'goods_operations_receipt',
  goodsConsumable: 'goods_operations_consumable',
  goodsStolen: 'goods_operations_stolen',
  goodsMove: 'goods_operations_move',
  financesOperation: 'finances_operation',
  selfSending: 'self_sending',
} as const;

const wireFlag = optional(flag);

/** The `data` of `GET /hooks_settings/{location_id}`: `1`/`0` flags read as booleans. */
export const webhookSettingsSchema = answer(
  {
    urls: listOf(z.string()),
    active: wireFlag,
    salon: wireFlag,
    service_category: wireFlag,
    service: wireFlag,
    good: wireFlag,
    master: wireFlag,
    client: wireFlag,
    record: wireFlag,
    goods_operations_sale: wireFlag,
    goods_operations_receipt: wireFlag,
    goods_operations_consumable: wireFlag,
    goods_operations_stolen: wireFlag,
    goods_operations_move: wireFlag,
    finances_operation: wireFlag,
    self_sending: wireFlag,
  },
  (w) => ({
    /** Every URL the location sends entity webhooks to (`urls`), yours and other apps'. */
    urls: w.urls,
    /** Whether notifications are on (`active`). */
    active: w.active,
    /** Location events (`salon`). */
    location: w.salon,
    /** Service category events (`service_category`). */
    serviceCategory: w.service_category,
    /** Service events (`service`). */
    service: w.service,
    /** Product events (`good`). */
    good: w.good,
    /** Team member events (`master`). */
    staff: w.master,
    /** Client events (`client`). */
    client: w.client,
    /** Appointment events (`record`). */
    record: w.record,
    /** Product sale events (`goods_operations_sale`). */
    goodsSale: w.goods_operations_sale,
    /** Product arrival events (`goods_operations_receipt`). */
    goodsReceipt: w.goods_operations_receipt,
    /** Consumable write-off events (`goods_operations_consumable`). */
    goodsConsumable: w.goods_operations_consumable,
    /** Product write-off events (`goods_operations_stolen`). */
    goodsStolen: w.goods_operations_stolen,
    /** Product movement events (`goods_operations_move`). */
    goodsMove: w.goods_operations_move,
    /** Financial operation events (`finances_operation`). */
    financesOperation: w.finances_operation,
    /** Whether the webhook creator also gets events of its own actions (`self_sending`). */
    selfSending: w.self_sending,
  }),
);
/** A location's entity webhook settings, as `getWebhookSettings` returns them. */
export type WebhookSettings = z.output<typeof webhookSettingsSchema>;

/**
 * @internal The `data` of `GET /hooks_settings/{location_id}` twice: `raw`, the wire object exactly as
 * read (every field, unknown ones too), to write back unchanged; `settings`, its public reading.
 */
export const webhookSettingsReadSchema = z.pipe(
  z.record(z.string(), z.unknown()),
  z.transform((raw: Record<string, unknown>, ctx) => {
    const read = z.safeParse(webhookSettingsSchema, raw);
    if (read.success) return { raw, settings: read.data };
    for (const issue of read.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: raw });
    }
    return z.NEVER;
  }),
);

/**
 * Input of `marketplace.updateWebhookSettings`: the whole settings of the location. Altegio replaces
 * everything, other apps' URLs included; prefer `addWebhookUrls` / `removeWebhookUrls`.
 */
export const webhookSettingsParamsSchema = object({
  /** Every URL the location should send to (`urls`), at most 10 absolute http(s) URLs. */
  urls: z.array(webhookUrl).check(z.maxLength(MAX_WEBHOOK_URLS, TOO_MANY_WEBHOOK_URLS)),
  /** Whether notifications are on (`active`). */
  active: z.boolean(),
  /** Location events (`salon`). @default false */
  location: z.optional(z.boolean()),
  /** Service category events (`service_category`). @default false */
  serviceCategory: z.optional(z.boolean()),
  /** Service events (`service`). @default false */
  service: z.optional(z.boolean()),
  /** Product events (`good`). @default false */
  good: z.optional(z.boolean()),
  /** Team member events (`master`). @default false */
  staff: z.optional(z.boolean()),
  /** Client events (`client`). @default false */
  client: z.optional(z.boolean()),
  /** Appointment events (`record`). @default false */
  record: z.optional(z.boolean()),
  /** Product sale events (`goods_operations_sale`). @default false */
  goodsSale: z.optional(z.boolean()),
  /** Product arrival events (`goods_operations_receipt`). @default false */
  goodsReceipt: z.optional(z.boolean()),
  /** Consumable write-off events (`goods_operations_consumable`). @default false */
  goodsConsumable: z.optional(z.boolean()),
  /** Product write-off events (`goods_operations_stolen`). @default false */
  goodsStolen: z.optional(z.boolean()),
  /** Product movement events (`goods_operations_move`). @default false */
  goodsMove: z.optional(z.boolean()),
  /** Financial operation events (`finances_operation`). @default false */
  financesOperation: z.optional(z.boolean()),
  /** Whether the webhook creator also gets events of its own actions (`self_sending`). @default false */
  selfSending: z.optional(z.boolean()),
});
/** Input of `marketplace.updateWebhookSettings`. */
export type WebhookSettingsParams = z.input<typeof webhookSettingsParamsSchema>;

/** URLs for `addWebhookUrls` / `removeWebhookUrls`: 1–10 absolute http(s) URLs. */
export const webhookUrlListSchema = z
  .array(webhookUrl)
  .check(
    z.minLength(1),
    z.maxLength(MAX_WEBHOOK_URLS, `${TOO_MANY_WEBHOOK_URLS}: give at most ${MAX_WEBHOOK_URLS}`),
  );

/** Input of methods that take only a location id. */
export const locationIdSchema = idInput;
/** Input of `refundPayment`. */
export const paymentIdSchema = idInput;
