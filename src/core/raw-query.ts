// The one reader of a URL's query that keeps `+` as `+` (base64 and phone numbers need it): shared by
// `parseConnectRedirect` and `verifyChatPanelUrl`. Web APIs only, no zod, so the webhooks entry can use it.

/** Why a query could not be read. */
export type RawQueryProblem = 'too-long' | 'bad-escape' | 'bad-input';

/** A query read as pairs, or why it could not be. */
export type RawQuery =
  | {
      /** Every `key=value` pair in order, percent-decoded; `+` stays `+` unless `formDecoded`. */
      pairs: [string, string][];
      /** `true` when the input was a `URLSearchParams`, which had already turned `+` into spaces. */
      formDecoded: boolean;
    }
  | { problem: RawQueryProblem };

/**
 * @internal Reads the query of a URL (string or `URL`: the part after `?`; a string without `?` that is
 * not an absolute URL is taken as a bare query) or of a `URLSearchParams`, without turning `+` into a
 * space. Never throws: a query longer than `maxLength`, a malformed percent-escape or an input of
 * another type comes back as `{ problem }`.
 */
export function readRawQuery(input: unknown, maxLength: number): RawQuery {
  if (input instanceof URLSearchParams) {
    const pairs = [...input];
    return pairs.reduce((n, [k, v]) => n + k.length + v.length, 0) > maxLength
      ? { problem: 'too-long' }
      : { pairs, formDecoded: true };
  }
  let query: string;
  if (input instanceof URL) query = input.search.slice(1);
  else if (typeof input === 'string') {
    const withoutHash = input.split('#')[0] as string;
    const mark = withoutHash.indexOf('?');
    // An absolute URL without a query has no parameters; anything else without `?` is a bare query.
    query = mark >= 0 ? withoutHash.slice(mark + 1) : URL.canParse(withoutHash) ? '' : withoutHash;
  } else return { problem: 'bad-input' };
  if (query.length > maxLength) return { problem: 'too-long' };
  try {
    const pairs = query
      .split('&')
      .filter((part) => part !== '')
      .map((part): [string, string] => {
        const eq = part.indexOf('=');
        return eq < 0
          ? [decodeURIComponent(part), '']
          : [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
      });
    return { pairs, formDecoded: false };
  } catch {
    return { problem: 'bad-escape' };
  }
}
