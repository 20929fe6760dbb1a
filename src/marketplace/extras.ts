import { loadSchemas } from '../load-schemas';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import type { InstallFrameParams, ShortNamesParams } from './schemas';
import { MarketplaceApplication } from './application';
import { notInstalledHint } from './installations';

/**
 * @internal A part of {@link Marketplace}. The extras of SMS and chat apps: SMS sender names and the
 * journal sidebar panel.
 * `altegio.marketplace` is one object with the methods of every part.
 */
export class MarketplaceExtras extends MarketplaceApplication {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    super(ctx);
    this.#ctx = ctx;
  }

  /**
   * Sets the SMS sender names your SMS app offers a location (POST app `/marketplace/partner/short_names`).
   *
   * @throws {InvalidInputError} no name, more than 20, or an empty one.
   * @throws {ValidationError} 422: Altegio refused a name.
   * @example
   * ```ts
   * await altegio.marketplace.setShortNames({ locationId: 456, shortNames: ['MySalon'] });
   * ```
   */
  async setShortNames(params: ShortNamesParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.setShortNames', call);
    const { parseInput, shortNamesParamsSchema } = await loadSchemas();
    const p = parseInput('marketplace.setShortNames', shortNamesParamsSchema, params);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: '/marketplace/partner/short_names',
      body: { salon_id: p.locationId, application_id: this.#ctx.applicationId, short_names: p.shortNames },
    });
  }

  /**
   * Installs your journal sidebar panel in a location whose installation is already active (POST app
   * `/marketplace/application/install_frame`); `chatUrl` on activation reaches only pending ones.
   * A location has one chat slot: installing yours replaces another app's panel, and theirs replaces
   * yours. A 200 does not prove the frame was installed: at the frame limit Altegio still answers
   * success, and no endpoint reads the frames back.
   *
   * @throws {InvalidInputError} bad `locationId`, a `type` other than `chat`, or a non-https `url`.
   * @throws {NotFoundError} 404: the app is not installed in this location.
   * @example
   * ```ts
   * await altegio.marketplace.installFrame({ locationId: 456, type: 'chat', url: 'https://example.com/frame/chat' });
   * ```
   */
  async installFrame(params: InstallFrameParams, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.installFrame', call);
    const { parseInput, installFrameParamsSchema } = await loadSchemas();
    const p = parseInput('marketplace.installFrame', installFrameParamsSchema, params);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: '/marketplace/application/install_frame',
      body: { salon_id: p.locationId, application_id: this.#ctx.applicationId, type: p.type, url: p.url },
      hints: notInstalledHint,
    });
  }
}
