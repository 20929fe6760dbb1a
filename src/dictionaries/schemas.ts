import * as z from 'zod';
import { idOutput, numeric } from '../core/wire';
import { camelKeys, idInput, optional } from '../marketplace/schemas';

/** A country of Altegio's dictionary (`GET /countries`). Unknown wire fields are kept, camelCased. */
export const country = z
  .looseObject({
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
  })
  .transform((c) => ({
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
  }));
/** A country returned by `dictionaries.countries()`. */
export type Country = z.output<typeof country>;

/** A city of Altegio's dictionary (`GET /cities`). */
export const city = z
  .looseObject({ id: idOutput, country_id: optional(idOutput), title: optional(z.string()) })
  .transform((c) => ({
    ...camelKeys(c),
    /** City id (`id`). */
    id: c.id,
    /** Its country (`country_id`). */
    countryId: c.country_id,
    /** Name (`title`). */
    title: c.title,
  }));
/** A city returned by `dictionaries.cities()`. */
export type City = z.output<typeof city>;

const businessType = z
  .looseObject({ id: idOutput, title: optional(z.string()), business_group_id: optional(idOutput) })
  .transform((t) => ({
    ...camelKeys(t),
    /** Business type id (`id`). */
    id: t.id,
    /** Name (`title`), e.g. `Spa`. */
    title: t.title,
    /** Its group (`business_group_id`). */
    businessGroupId: t.business_group_id,
  }));

/** A group of business types (`GET /references/business_groups_with_types`). */
export const businessGroup = z
  .looseObject({
    id: idOutput,
    title: optional(z.string()),
    image: optional(z.string()),
    image_small: optional(z.string()),
    types: z.array(businessType).nullish(),
  })
  .transform((g) => ({
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
    types: g.types ?? [],
  }));
/** A business group with its types, returned by `dictionaries.businessTypes()`. */
export type BusinessGroup = z.output<typeof businessGroup>;

/** Input of `dictionaries.cities`. */
export const citiesParams = z.object({
  /** Only cities of this country (`country_id`). @default all countries */
  countryId: idInput.optional(),
  /** Also return this location's city, whatever its country (`company_id`). */
  locationId: idInput.optional(),
});
/** Input of `dictionaries.cities`. */
export type CitiesParams = z.input<typeof citiesParams>;
