// docs/redirects.md promises, row by row, what `locationIds` each redirect query gives: hold it to that.
import { readFileSync } from 'node:fs';
import { parseConnectRedirect } from 'altegio-marketplace';
import { describe, expect, it } from 'vitest';
import { PARTNER_TOKEN } from '../helpers';

const doc = readFileSync(new URL('../../docs/redirects.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## Locations'), doc.indexOf('## The user'));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .flatMap((line) => {
    const [query = '', , ids = ''] = line.split(/\s*\|\s*/).slice(1);
    const expected = JSON.parse(ids.replaceAll('`', '')) as number[];
    return [...query.matchAll(/`([^`]+)`/g)].map((m) => [m[1] as string, expected] as const);
  });

describe('docs/redirects.md locations table', () => {
  it('has rows', () => expect(rows.length).toBeGreaterThanOrEqual(7));

  it.each(rows)('%s parses to %j', async (query, expected) => {
    const redirect = await parseConnectRedirect(`https://vendor.example/r?${query}`, {
      partnerToken: PARTNER_TOKEN,
    });
    expect(redirect.locationIds).toStrictEqual(expected);
  });
});
