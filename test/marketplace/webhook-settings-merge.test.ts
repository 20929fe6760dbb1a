// addWebhookUrls / removeWebhookUrls write back what they read: Altegio's POST replaces the whole
// settings of the location, other apps' switches included.
import { InvalidInputError } from 'altegio-marketplace';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, recordRequests, testClient, useMswServer } from '../helpers';

const server = useMswServer();
const url = `${API}/hooks_settings/456`;
const other = 'https://other-app.example/hooks';
const mine = 'https://vendor.example/hooks/456';
const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
// No self_sending, string flags, and a field the SDK does not know.
const wire = (urls: string[]) => ({
  urls,
  active: '1',
  salon: 1,
  record: 0,
  master: '1',
  future_switch: 1,
  nested: { kept: true },
});

describe('webhook URL merge', () => {
  it('addWebhookUrls writes every field back exactly as read, changing only urls', async () => {
    recordRequests(server, 'get', url, json({ success: true, data: wire([other]), meta: [] }));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    const result = await testClient().marketplace.addWebhookUrls(456, [mine]);
    expect(writes[0]?.body).toStrictEqual({ ...wire([other, mine]) });
    expect(writes[0]?.body).not.toHaveProperty('self_sending');
    expect(result).toMatchObject({ urls: [other, mine], active: true, location: true, record: false });
  });

  it('removeWebhookUrls writes every field back exactly as read, changing only urls', async () => {
    recordRequests(server, 'get', url, json({ success: true, data: wire([other, mine]), meta: [] }));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    await testClient().marketplace.removeWebhookUrls(456, [mine]);
    expect(writes[0]?.body).toStrictEqual(wire([other]));
  });

  it('sends active 0 only when the read had no active (the POST requires it)', async () => {
    recordRequests(server, 'get', url, json({ success: true, data: { urls: [], record: 1 } }));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    await testClient().marketplace.addWebhookUrls(456, [mine]);
    expect(writes[0]?.body).toStrictEqual({ urls: [mine], record: 1, active: 0 });
  });

  it('refuses more than 10 URLs given at once with the same clear message', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `https://app${i}.example/hooks`);
    const reads = recordRequests(server, 'get', url, json({ success: true, data: { urls: [] } }));
    const error = await testClient()
      .marketplace.addWebhookUrls(456, eleven)
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/Altegio keeps at most 10 webhook URLs per location/);
    expect((error as Error).message).not.toMatch(/Too big/);
    expect(reads).toHaveLength(0);
  });
});
