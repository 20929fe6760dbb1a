import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import { loadSchemas } from '../load-schemas';
import type { BusinessGroup, CitiesParams, City, Country } from './schemas';

/**
 * Altegio's reference lists (`altegio.dictionaries`): countries, cities and business types, e.g. to
 * fill a sign-up form or map a location's `countryId`.
 *
 * Every method takes {@link CallOptions} (`{ signal }`) as its optional last argument: an aborted
 * call rejects with `RequestAbortedError` and is not retried.
 *
 * @example
 * ```ts
 * const countries = await altegio.dictionaries.countries();
 * const cities = await altegio.dictionaries.cities({ countryId: 7 });
 * ```
 */
export class Dictionaries {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Lists the countries (GET api `/countries`).
   *
   * @throws {AuthenticationError} 401: check the partner token.
   * @example
   * ```ts
   * const usa = (await altegio.dictionaries.countries()).find((c) => c.isoCode === 'US');
   * ```
   */
  async countries(call: CallOptions = {}): Promise<Country[]> {
    call = callOptions('dictionaries.countries', call);
    const { countryListSchema } = await loadSchemas();
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'api',
      path: '/countries',
      schema: countryListSchema,
    });
  }

  /**
   * Lists the cities, optionally of one country (GET api `/cities`).
   *
   * @throws {InvalidInputError} `countryId` or `locationId` is not a positive integer (nothing sent).
   * @example
   * ```ts
   * const cities = await altegio.dictionaries.cities({ countryId: 7 });
   * ```
   */
  async cities(params: CitiesParams = {}, call: CallOptions = {}): Promise<City[]> {
    call = callOptions('dictionaries.cities', call);
    const { parseInput, citiesParamsSchema, cityListSchema } = await loadSchemas();
    const p = parseInput('dictionaries.cities', citiesParamsSchema, params);
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'api',
      path: '/cities',
      query: { country_id: p.countryId, company_id: p.locationId },
      schema: cityListSchema,
    });
  }

  /**
   * Lists the business types, grouped (GET api `/references/business_groups_with_types`). Partner auth
   * (`Authorization: Bearer <partner token>`), as the OpenAPI bundle's `security` (`BearerPartner`) says;
   * the bundle's header example also shows `User user_token`, but no user token is required or sent.
   *
   * @throws {AuthenticationError} 401: check the partner token.
   * @example
   * ```ts
   * const groups = await altegio.dictionaries.businessTypes();
   * const spa = groups.flatMap((g) => g.types).find((t) => t.title === 'Spa');
   * ```
   */
  async businessTypes(call: CallOptions = {}): Promise<BusinessGroup[]> {
    call = callOptions('dictionaries.businessTypes', call);
    const { businessGroupListSchema } = await loadSchemas();
    return this.#ctx.transport.request({
      method: 'GET',
      signal: call.signal,
      host: 'api',
      path: '/references/business_groups_with_types',
      schema: businessGroupListSchema,
    });
  }
}
