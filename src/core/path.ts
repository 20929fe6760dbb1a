/**
 * Tagged template for request paths: every interpolated value is percent-encoded as one path segment,
 * so an id can never add a segment, a query or a fragment.
 *
 * @example path`/marketplace/salon/${locationId}/application/${applicationId}`
 */
export function path(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    // An integer (an id) prints as digits and `-` only: nothing to encode.
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      out += value + (strings[index + 1] ?? '');
      continue;
    }
    const segment = String(value);
    if (segment === '' || segment === '.' || segment === '..') {
      throw new TypeError(`Path parameter ${index + 1} is empty or a dot segment`);
    }
    out += encodeURIComponent(segment) + (strings[index + 1] ?? '');
  }
  return out;
}

/** A query-string value; arrays are sent PHP-style (`key[]=a&key[]=b`), `undefined` is left out. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

/** Builds a query string (without `?`) that PHP back ends read as the intended arrays. */
export function buildQuery(query: Readonly<Record<string, QueryValue>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const name = encodeURIComponent(key);
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${name}[]=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${name}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.join('&');
}
