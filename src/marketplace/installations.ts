import { paginate } from '../core/paginate';
import { path } from '../core/path';
import { loadSchemas } from '../load-schemas';
import { NotFoundError } from '../errors/not-found-error';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import type { Installation, ListLocationsParams, Location, LocationPage, LocationsParams } from './schemas';

/** The hint of a 404 on a call for one location's installation. */
export const notInstalledHint = {
  404: 'The app is not installed in this location (Application is not installed)',
};

/**
 * @internal A part of {@link Marketplace}. Installation status and the list of locations that have your
 * app, and uninstall.
 * `altegio.marketplace` is one object with the methods of every part.
 */
export class MarketplaceInstallations {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Reads where a location's installation of your app stands, with its payments and status history
   * (GET app `/marketplace/salon/{location_id}/application/{application_id}`).
   *
   * @returns the installation, or `null` when the app is not installed there (Altegio's 404).
   * @throws {InvalidInputError} `locationId` is not a positive integer.
   * @example
   * ```ts
   * const installation = await altegio.marketplace.getInstallation(456);
   * if (installation === null) console.log('not installed');
   * else console.log(installation.status, installation.payments.length);
   * ```
   */
  async getInstallation(locationId: number, call: CallOptions = {}): Promise<Installation | null> {
    call = callOptions('marketplace.getInstallation', call);
    const { parseInput, locationIdSchema, installationSchema } = await loadSchemas();
    const id = parseInput('marketplace.getInstallation', locationIdSchema, locationId);
    try {
      return await this.#ctx.transport.request({
        method: 'GET',
        signal: call.signal,
        host: 'app',
        path: path`/marketplace/salon/${id}/application/${this.#ctx.applicationId}`,
        schema: installationSchema,
      });
    } catch (error) {
      // A non-JSON 404 is a wrong base URL, not "not installed".
      if (error instanceof NotFoundError && typeof error.body !== 'string') return null;
      throw error;
    }
  }

  /**
   * Lists one page of the locations that have your app (GET app
   * `/marketplace/application/{application_id}/salons`). Use {@link Marketplace.locations} to walk all pages.
   *
   * @throws {InvalidInputError} `page` negative, or `count` outside 1–1000.
   * @example
   * ```ts
   * const { locations, hasMore } = await altegio.marketplace.listLocations({ page: 1, count: 500 });
   * ```
   */
  async listLocations(params: ListLocationsParams = {}, call: CallOptions = {}): Promise<LocationPage> {
    call = callOptions('marketplace.listLocations', call);
    const { parseInput, listLocationsParamsSchema, locationListSchema } = await loadSchemas();
    const { page, count } = parseInput('marketplace.listLocations', listLocationsParamsSchema, params);
    const locations = await this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'app',
      path: path`/marketplace/application/${this.#ctx.applicationId}/salons`,
      query: { page, count },
      schema: locationListSchema,
    });
    return { locations, page, count, hasMore: locations.length >= count };
  }

  /**
   * Iterates over every location that has your app, page by page; stops at the first short page and
   * yields each location id once, even if pages overlap.
   *
   * @throws {InvalidInputError} `pageSize` outside 1–1000 (on the first iteration).
   * @example
   * ```ts
   * for await (const location of altegio.marketplace.locations({ pageSize: 500 })) {
   *   console.log(location.id, location.title);
   * }
   * ```
   */
  async *locations(
    params: LocationsParams = {},
    call: CallOptions = {},
  ): AsyncGenerator<Location, void, undefined> {
    call = callOptions('marketplace.locations', call);
    const { parseInput, locationsParamsSchema } = await loadSchemas();
    const { pageSize, firstPage } = parseInput('marketplace.locations', locationsParamsSchema, params);
    yield* paginate(
      firstPage,
      async (page) => {
        const { locations, hasMore } = await this.listLocations({ page, count: pageSize }, call);
        return { items: locations, hasMore };
      },
      (location) => location.id,
    );
  }

  /**
   * Uninstalls your app from a location from your side (POST app
   * `/marketplace/salon/{location_id}/application/{application_id}/uninstall`). Altegio then sends the
   * `uninstall` lifecycle webhook; reinstalling needs a fresh grant by the user.
   *
   * @throws {NotFoundError} 404: the app is not installed in this location.
   * @example
   * ```ts
   * await altegio.marketplace.uninstall(456);
   * ```
   */
  async uninstall(locationId: number, call: CallOptions = {}): Promise<void> {
    call = callOptions('marketplace.uninstall', call);
    const { parseInput, locationIdSchema } = await loadSchemas();
    const id = parseInput('marketplace.uninstall', locationIdSchema, locationId);
    await this.#ctx.transport.request({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: path`/marketplace/salon/${id}/application/${this.#ctx.applicationId}/uninstall`,
      hints: notInstalledHint,
    });
  }
}
