// The dictionaries use the auth the OpenAPI bundle's `security` names: BearerPartner, for all three.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, PARTNER_TOKEN, recordRequests, testClient, useMswServer } from '../helpers';

const server = useMswServer();

describe('dictionaries.businessTypes auth', () => {
  it.each([
    ['without a user token', { userToken: undefined }],
    ['with a user token', {}],
  ])('sends the partner token only, %s', async (_label, options) => {
    const seen = recordRequests(
      server,
      'get',
      `${API}/references/business_groups_with_types`,
      HttpResponse.json({ success: true, data: [{ id: 1, title: 'beauty', types: [] }], meta: [] }),
    );
    await expect(testClient(options).dictionaries.businessTypes()).resolves.toMatchObject([{ id: 1 }]);
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}`);
  });
});
