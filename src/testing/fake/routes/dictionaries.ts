import { ok, type Route, route } from './reply';

// The dictionaries (countries, cities, business types): fixed sample data, no state.

const COUNTRIES = [
  {
    id: 7,
    title: 'USA',
    full_title: 'United States',
    iso_code: 'US',
    phone_code: '1',
    phone_template: '+1 xxx-xxx-xxxx',
    phone_example: '+1 201-123-4567',
    currency: '$',
    exchange: 32.99,
    lang_id: 2,
    group_type: 1,
    is_eu: false,
  },
  {
    id: 56,
    title: 'France',
    full_title: 'France',
    iso_code: 'FR',
    phone_code: '33',
    phone_template: '+33 x xx xx xx xx',
    phone_example: '+33 1 23 45 67 89',
    currency: '€',
    exchange: 11.18,
    lang_id: 8,
    group_type: 1,
    is_eu: true,
  },
];
const CITIES = [
  { id: 2, country_id: 7, title: 'New York' },
  { id: 3, country_id: 7, title: 'Chicago' },
  { id: 1500, country_id: 56, title: 'Paris' },
];
const BUSINESS_GROUPS = [
  { id: 10, title: 'Domestic services', types: [{ id: 31, title: 'Studio', business_group_id: 10 }] },
  {
    id: 1,
    title: 'beauty',
    types: [
      { id: 1, title: 'Beauty Salons', business_group_id: 1 },
      { id: 25, title: 'Spa', business_group_id: 1 },
    ],
  },
];

/** The dictionary routes. @internal */
export function dictionaryRoutes(): Route[] {
  return [
    route('GET', 'api', /^\/countries$/, () => ok(COUNTRIES)),
    route('GET', 'api', /^\/cities$/, (call) => {
      const country = call.query.get('country_id');
      return ok(country === null ? CITIES : CITIES.filter((city) => String(city.country_id) === country));
    }),
    route('GET', 'api', /^\/references\/business_groups_with_types$/, () =>
      ok(BUSINESS_GROUPS, { count: 3 }),
    ),
  ];
}
