import * as z from 'zod/mini';
import { object } from '../core/objects';
import { answer, camelKeys, idInput, idOutput, listOf, numeric, optional } from '../core/wire';

// Schema and type names follow the scheme written at the top of src/core/wire.ts.

/** A country of Altegio's dictionary (`GET /countries`). Unknown wire fields are kept, camelCased. */
export const countrySchema = answer(
  {
    id: idOutput,
    title: optional(z.string()),
    full_title: optional(z.string()),
    iso_code: optional(z.string()),
    phone_code: optional(z.string()),
    phone_template: optional(z.string()),
    phone_example: optional(z.string()),
    currency: optional(z.string()),
    exchange: optional(numeric),
    lang_id: optional(idOutput),
    group_type: optional(numeric),
    is_eu: optional(z.boolean()),
  },
  (c) => ({
    ...camelKeys(c),
    /** Country id (`id`). */
    id: c.id,
    /** Short name (`title`). */
    title: c.title,
    /** Full name (`full_title`). */
    fullTitle: c.full_title,
    /** ISO 3166-1 alpha-2 code (`iso_code`). */
    isoCode: c.iso_code,
    /** Phone code without `+` (`phone_code`). */
    phoneCode: c.phone_code,
    /** Phone mask (`phone_template`). */
    phoneTemplate: c.phone_template,
    /** Phone example (`phone_example`). */
    phoneExample: c.phone_example,
    /** Currency sign (`currency`). */
    currency: c.currency,
    /** Exchange rate (`exchange`). */
    exchange: c.exchange,
    /** Language id (`lang_id`). */
    langId: c.lang_id,
    /** Country group type (`group_type`). */
    groupType: c.group_type,
    /** Whether it is in the European Union (`is_eu`). */
    isEu: c.is_eu,
  }),
);
/** A country returned by `dictionaries.countries()`. */
export type Country = z.output<typeof countrySchema>;

/** A city of Altegio's dictionary (`GET /cities`). */
export const citySchema = answer(
  { id: idOutput, country_id: optional(idOutput), title: optional(z.string()) },
  (c) => ({
    ...camelKeys(c),
    /** City id (`id`). */
    id: c.id,
    /** Its country (`country_id`). */
    countryId: c.country_id,
    /** Name (`title`). */
    title: c.title,
  }),
);
/** A city returned by `dictionaries.cities()`. */
export type City = z.output<typeof citySchema>;

const businessTypeSchema = answer(
  { id: idOutput, title: optional(z.string()), business_group_id: optional(idOutput) },
  (t) => ({
    ...camelKeys(t),
    /** Business type id (`id`). */
    id: t.id,
    /** Name (`title`), e.g. `Spa`. */
    title: t.title,
    /** Its group (`business_group_id`). */
    businessGroupId: t.business_group_id,
  }),
);

/** A group of business types (`GET /references/business_groups_with_types`). */
export const businessGroupSchema = answer(
  {
    id: idOutput,
    title: optional(z.string()),
    image: optional(z.string()),
    image_small: optional(z.string()),
    types: listOf(businessTypeSchema),
  },
  (g) => ({
    ...camelKeys(g),
    /** Group id (`id`). */
    id: g.id,
    /** Name (`title`), e.g. `beauty`. */
    title: g.title,
    /** Picture URL (`image`). */
    image: g.image,
    /** Small picture URL (`image_small`). */
    imageSmall: g.image_small,
    /** The business types of the group (`types`). */
    types: g.types,
  }),
);
/** A business group with its types, returned by `dictionaries.businessTypes()`. */
export type BusinessGroup = z.output<typeof businessGroupSchema>;

/** Input of `dictionaries.cities`. */
export const citiesParamsSchema = object({
  /** Only cities of this country (`country_id`). @default all countries */
  countryId: z.optional(idInput),
  /** Also return this location's city, whatever its country (`company_id`). */
  locationId: z.optional(idInput),
});
/** Input of `dictionaries.cities`. */
export type CitiesParams = z.input<typeof citiesParamsSchema>;

/** The answer of `dictionaries.countries`. */
export const countryListSchema = z.array(countrySchema);
/** The answer of `dictionaries.cities`. */
export const cityListSchema = z.array(citySchema);
/** The answer of `dictionaries.businessTypes`. */
export const businessGroupListSchema = z.array(businessGroupSchema);
