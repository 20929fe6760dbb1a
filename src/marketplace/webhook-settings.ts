import type * as z from 'zod/mini';
import { path } from '../core/path';
import { loadSchemas } from '../load-schemas';
import { InvalidInputError } from '../errors/invalid-input-error';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import type { WebhookSettings, WebhookSettingsParams, webhookSettingsParamsSchema } from './schemas';
import { MarketplaceExtras } from './extras';

/**
 * @internal A part of {@link Marketplace}. A location's entity webhook settings, and the merge that adds
 * or removes only your URLs.
 * `altegio.marketplace` is one object with the methods of every part.
 */
export class MarketplaceWebhookSettings extends MarketplaceExtras {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    super(ctx);
    this.#ctx = ctx;
  }

  /**
   * Reads a location's entity webhook settings (GET api `/hooks_settings/{location_id}`, Partner+User
   * auth): every URL, other apps' included, and which entities send events.
   *
   * @throws {ConfigurationError} the client has no `userToken` (nothing sent).
   * @throws {InvalidInputError} `locationId` is not a positive integer.
   * @throws {PermissionDeniedError} 403: the user token has no access to this location.
   * @example
   * ```ts
   * const { urls, active } = await altegio.marketplace.getWebhookSettings(456);
   * ```
   */
  async getWebhookSettings(locationId: number, call: CallOptions = {}): Promise<WebhookSettings> {
    call = callOptions('marketplace.getWebhookSettings', call);
    return (await this.#readSettings('marketplace.getWebhookSettings', locationId, call)).settings;
  }

  async #readSettings(operation: string, locationId: number, call: CallOptions) {
    const { parseInput, locationIdSchema, webhookSettingsReadSchema } = await loadSchemas();
    const id = parseInput(operation, locationIdSchema, locationId);
    const read = await this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'api',
      auth: 'partnerUser',
      path: path`/hooks_settings/${id}`,
      schema: webhookSettingsReadSchema,
    });
    return { id, ...read };
  }

  /**
   * Replaces a location's entity webhook settings (POST api `/hooks_settings/{location_id}`,
   * Partner+User auth). Altegio replaces the whole settings of the location, **other apps' URLs
   * included**; a switch you leave out is sent as off. To add or remove only your URLs, use
   * {@link Marketplace.addWebhookUrls} / {@link Marketplace.removeWebhookUrls}.
   *
   * @throws {ConfigurationError} the client has no `userToken` (nothing sent).
   * @throws {InvalidInputError} more than 10 URLs, a URL that is not absolute http(s) (nothing sent).
   * @example
   * ```ts
   * await altegio.marketplace.updateWebhookSettings(456, { urls: ['https://example.com/hooks/456'], active: true, record: true });
   * ```
   */
  async updateWebhookSettings(
    locationId: number,
    settings: WebhookSettingsParams,
    call: CallOptions = {},
  ): Promise<void> {
    call = callOptions('marketplace.updateWebhookSettings', call);
    const { parseInput, locationIdSchema, webhookSettingsParamsSchema } = await loadSchemas();
    const id = parseInput('marketplace.updateWebhookSettings', locationIdSchema, locationId);
    await this.#postSettings(
      id,
      parseInput('marketplace.updateWebhookSettings', webhookSettingsParamsSchema, settings),
      call,
    );
  }

  async #postSettings(
    locationId: number,
    p: z.output<typeof webhookSettingsParamsSchema>,
    call: CallOptions,
  ): Promise<void> {
    const { webhookEntityFields } = await loadSchemas();
    const body: Record<string, unknown> = { urls: p.urls, active: p.active ? 1 : 0 };
    for (const [key, wire] of Object.entries(webhookEntityFields)) {
      body[wire] = p[key as keyof typeof webhookEntityFields] ? 1 : 0;
    }
    await this.#postSettingsBody(locationId, body, call);
  }

  async #postSettingsBody(locationId: number, body: Record<string, unknown>, call: CallOptions) {
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'api',
      auth: 'partnerUser',
      path: path`/hooks_settings/${locationId}`,
      body,
    });
  }

  /**
   * Adds URLs to a location's entity webhooks without dropping anyone else's: reads the settings,
   * appends the URLs not there yet, and writes the result back with every other field exactly as read
   * (`active`, the entity switches, and any field the SDK does not know; a switch the read did not
   * return is not sent, so it is not switched off; turn switches on with `updateWebhookSettings`). Not
   * atomic: another app writing at the same moment can still lose its change (Altegio has no
   * compare-and-set).
   *
   * @returns the settings as written (unchanged, and nothing written, when every URL was there).
   * @throws {InvalidInputError} no URL, a URL that is not absolute http(s), or the result would exceed
   * Altegio's 10 URLs (checked before writing; nothing written).
   * @throws {ConfigurationError} the client has no `userToken`.
   * @example
   * ```ts
   * await altegio.marketplace.addWebhookUrls(456, ['https://example.com/hooks/456']);
   * ```
   */
  async addWebhookUrls(
    locationId: number,
    urls: readonly string[],
    call: CallOptions = {},
  ): Promise<WebhookSettings> {
    call = callOptions('marketplace.addWebhookUrls', call);
    const { parseInput, webhookUrlListSchema, MAX_WEBHOOK_URLS, TOO_MANY_WEBHOOK_URLS } = await loadSchemas();
    const add = parseInput('marketplace.addWebhookUrls', webhookUrlListSchema, urls);
    const current = await this.#readSettings('marketplace.addWebhookUrls', locationId, call);
    const have = current.settings.urls;
    const fresh = [...new Set(add)].filter((url) => !have.includes(url));
    if (fresh.length === 0) return current.settings;
    const next = [...have, ...fresh];
    if (next.length > MAX_WEBHOOK_URLS) {
      throw new InvalidInputError('marketplace.addWebhookUrls', [
        {
          path: ['urls'],
          message: `${TOO_MANY_WEBHOOK_URLS}: ${have.length} are set and ${fresh.length} would be added`,
        },
      ]);
    }
    return this.#writeUrls(current, next, call);
  }

  /**
   * Removes URLs from a location's entity webhooks, leaving every other URL and setting as it was
   * (read, filter, write back every other field exactly as read). URLs that are not there are ignored.
   *
   * @returns the settings as written (unchanged, and nothing written, when no URL was there).
   * @throws {InvalidInputError} no URL, or a URL that is not absolute http(s).
   * @throws {ConfigurationError} the client has no `userToken`.
   * @example
   * ```ts
   * await altegio.marketplace.removeWebhookUrls(456, ['https://example.com/hooks/456']);
   * ```
   */
  async removeWebhookUrls(
    locationId: number,
    urls: readonly string[],
    call: CallOptions = {},
  ): Promise<WebhookSettings> {
    call = callOptions('marketplace.removeWebhookUrls', call);
    const { parseInput, webhookUrlListSchema } = await loadSchemas();
    const remove = new Set(parseInput('marketplace.removeWebhookUrls', webhookUrlListSchema, urls));
    const current = await this.#readSettings('marketplace.removeWebhookUrls', locationId, call);
    const next = current.settings.urls.filter((url) => !remove.has(url));
    if (next.length === current.settings.urls.length) return current.settings;
    return this.#writeUrls(current, next, call);
  }

  // Every field but `urls` goes back exactly as read (other apps' switches, fields the SDK does not
  // know, a switch that was absent stays absent); only `active`, which the POST requires, defaults to 0.
  async #writeUrls(
    current: { id: number; raw: Record<string, unknown>; settings: WebhookSettings },
    urls: string[],
    call: CallOptions,
  ): Promise<WebhookSettings> {
    const body: Record<string, unknown> = { ...current.raw, urls };
    if (body.active === undefined || body.active === null) body.active = 0;
    await this.#postSettingsBody(current.id, body, call);
    return { ...current.settings, urls };
  }
}
