import type { ClientContext } from '../core/context';
import { MarketplaceWebhookSettings } from './webhook-settings';

export { postActivation } from './activation';

/**
 * Marketplace partner calls (`altegio.marketplace`): activation, installation status, billing,
 * uninstall and the extras for SMS and chat apps. Every method validates its input before sending
 * (`InvalidInputError`) and rejects with a typed `AltegioError`.
 *
 * Every method takes {@link CallOptions} (`{ signal }`) as its optional last argument: an aborted
 * call rejects with `RequestAbortedError` and is not retried. Call options that are not an object, or a
 * `signal` that is not an `AbortSignal`, reject with `InvalidInputError` before anything is sent.
 *
 * @example
 * ```ts
 * const installation = await altegio.marketplace.getInstallation(456);
 * if (installation?.status === 'pending') await altegio.marketplace.activate({ locationId: 456 });
 * ```
 */
export class Marketplace extends MarketplaceWebhookSettings {
  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    super(ctx);
  }
}
