// Activation webhook URLs are https, as Altegio's hub requires; plain http only for this machine.
import { InvalidInputError } from 'altegio-marketplace';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { APP, APPLICATION_ID, recordRequests, testClient, useMswServer } from '../helpers';

const server = useMswServer();
const statusUrl = `${APP}/marketplace/salon/456/application/${APPLICATION_ID}`;
const callback = `${APP}/marketplace/partner/callback`;
const pending = () =>
  HttpResponse.json({ success: true, data: { connection_status: { status: 'pending' } } });

describe('activate webhookUrls', () => {
  it.each([
    'https://vendor.example/hooks/456',
    'http://127.0.0.1:8080/hooks/456',
    'http://localhost:3000/hooks',
    'http://[::1]:3000/hooks',
  ])('accepts %s', async (url) => {
    recordRequests(server, 'get', statusUrl, pending());
    const posts = recordRequests(server, 'post', callback, new HttpResponse(null, { status: 201 }));
    await testClient().marketplace.activate({ locationId: 456, webhookUrls: [url] });
    expect(posts[0]?.body).toMatchObject({ webhook_urls: [url] });
  });

  it.each([
    'http://vendor.example/hooks/456',
    'http://10.0.0.5/hooks',
    'http://127.0.0.1.vendor.example/hooks',
    'ftp://vendor.example/hooks',
  ])('refuses %s before sending anything', async (url) => {
    const reads = recordRequests(server, 'get', statusUrl, pending());
    for (const call of [
      () => testClient().marketplace.activate({ locationId: 456, webhookUrls: [url] }),
      () => testClient().marketplace.activateWithRedirect({ locationId: 456, webhookUrls: [url] }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(/webhookUrls\.0: Expected an absolute https URL/);
    }
    expect(reads).toHaveLength(0);
  });

  it('refuses an 11th URL with the clear limit message', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `https://v.example/${i}`);
    const error = await testClient()
      .marketplace.activate({ locationId: 456, webhookUrls: eleven })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/Altegio keeps at most 10 webhook URLs per location/);
  });
});
