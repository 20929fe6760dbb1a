import { path } from '../core/path';
import { loadSchemas } from '../load-schemas';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import type {
  AddDiscountParams,
  ChannelAvailabilityParams,
  PaymentLink,
  PaymentLinkParams,
  Tariff,
} from './schemas';
import { MarketplaceBilling } from './billing';

// The spec and Altegio's own hub disagree on the host of this group: a 404 may mean the wrong one.
const applicationHost =
  'or this Altegio serves /marketplace/application/* on another host: set platform.applicationBaseUrl (ALTEGIO_APPLICATION_BASE_URL), e.g. to https://api.alteg.io/api/v1';
const applicationHints = {
  404: `The app is not installed in this location (Application is not installed), ${applicationHost}`,
};

/**
 * @internal A part of {@link Marketplace}. The application group (`platform.applicationBaseUrl`): tariffs,
 * discounts, payment links, channels.
 * `altegio.marketplace` is one object with the methods of every part.
 */
export class MarketplaceApplication extends MarketplaceBilling {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    super(ctx);
    this.#ctx = ctx;
  }

  #warnDiscount(operation: string, discount: number | undefined) {
    if (discount !== undefined && (discount < 0 || discount > 100)) {
      this.#ctx.logger?.warn?.(`${operation}: discount is a percentage; ${discount} is outside 0–100`, {
        discount,
      });
    }
  }

  /**
   * Lists your app's tariffs and their price options (GET application host
   * `/marketplace/application/{application_id}/tariffs`; see `platform.applicationBaseUrl`).
   *
   * @throws {NotFoundError} 404: Altegio does not know the application id, or the group is served on
   * another host (`platform.applicationBaseUrl`).
   * @example
   * ```ts
   * const tariffs = await altegio.marketplace.listTariffs();
   * ```
   */
  async listTariffs(call: CallOptions = {}): Promise<Tariff[]> {
    call = callOptions('marketplace.listTariffs', call);
    const { tariffListSchema } = await loadSchemas();
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'application',
      path: path`/marketplace/application/${this.#ctx.applicationId}/tariffs`,
      schema: tariffListSchema,
      hints: {
        404: `Application not found: check applicationId (ALTEGIO_APPLICATION_ID), ${applicationHost}`,
      },
    });
  }

  /**
   * Gives locations that pay through Altegio a discount on your app (POST application host
   * `/marketplace/application/add_discount`). `discount` is a percentage; a value outside 0–100 is sent
   * as is and logged as a warning.
   *
   * @throws {InvalidInputError} no location, more than 1000, or a non-finite discount.
   * @throws {NotFoundError} 404: the app is not installed in one of the locations (or the group is
   * served on another host: `platform.applicationBaseUrl`).
   * @example
   * ```ts
   * await altegio.marketplace.addDiscount({ locationIds: [456, 789], discount: 15 });
   * ```
   */
  async addDiscount(params: AddDiscountParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.addDiscount', call);
    const { parseInput, addDiscountParamsSchema } = await loadSchemas();
    const p = parseInput('marketplace.addDiscount', addDiscountParamsSchema, params);
    this.#warnDiscount('marketplace.addDiscount', p.discount);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'application',
      path: '/marketplace/application/add_discount',
      body: { salon_ids: p.locationIds, application_id: this.#ctx.applicationId, discount: p.discount },
      hints: applicationHints,
    });
  }

  /**
   * Creates a link to Altegio's own payment page for your app (GET application host
   * `/marketplace/application/payment_link`). `discount` is a percentage; `tariffOptionId` picks the
   * price option (`tariff_option_id`, an option id of `listTariffs()`).
   *
   * @returns `{ url }`: send the user there; treat the URL as opaque.
   * @throws {NotFoundError} 404: the app is not installed in this location (or the group is served on
   * another host: `platform.applicationBaseUrl`).
   * @example
   * ```ts
   * const { url } = await altegio.marketplace.createPaymentLink({ locationId: 456, tariffOptionId: 123 });
   * ```
   */
  async createPaymentLink(params: PaymentLinkParams, call: CallOptions = {}): Promise<PaymentLink> {
    call = callOptions('marketplace.createPaymentLink', call);
    const { parseInput, paymentLinkParamsSchema, paymentLinkSchema } = await loadSchemas();
    const p = parseInput('marketplace.createPaymentLink', paymentLinkParamsSchema, params);
    this.#warnDiscount('marketplace.createPaymentLink', p.discount);
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'application',
      path: '/marketplace/application/payment_link',
      query: {
        salon_id: p.locationId,
        application_id: this.#ctx.applicationId,
        discount: p.discount,
        tariff_option_id: p.tariffOptionId,
      },
      schema: paymentLinkSchema,
      hints: applicationHints,
    });
  }

  /**
   * Turns a notification channel of a location on or off for your SMS or chat-bot app (POST
   * application host `/marketplace/application/update_channel`).
   *
   * @throws {InvalidInputError} `channelSlug` is not `sms` or `whatsapp`.
   * @throws {ValidationError} 422: Altegio refused it; see `errors`.
   * @example
   * ```ts
   * await altegio.marketplace.setChannelAvailability({ locationId: 456, channelSlug: 'whatsapp', isAvailable: true });
   * ```
   */
  async setChannelAvailability(params: ChannelAvailabilityParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.setChannelAvailability', call);
    const { parseInput, channelAvailabilityParamsSchema } = await loadSchemas();
    const p = parseInput('marketplace.setChannelAvailability', channelAvailabilityParamsSchema, params);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'application',
      path: '/marketplace/application/update_channel',
      hints: { 404: `Not found: ${applicationHost}` },
      body: {
        salon_id: p.locationId,
        application_id: this.#ctx.applicationId,
        channel_slug: p.channelSlug,
        is_available: p.isAvailable,
      },
    });
  }
}
