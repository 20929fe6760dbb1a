// activate on an active installation sends nothing, so the settings given are not applied: it says so.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  API_KEY,
  APP,
  APPLICATION_ID,
  expectNoSecrets,
  recordRequests,
  testClient,
  useMswServer,
} from '../helpers';

const server = useMswServer();
const statusUrl = `${APP}/marketplace/salon/456/application/${APPLICATION_ID}`;
const callback = `${APP}/marketplace/partner/callback`;
const status = (value: string) =>
  HttpResponse.json({ success: true, data: { connection_status: { status: value } } });
const SECRET = 'vendor-secret-key-7d2e9b41';

function logged() {
  const warnings: [string, unknown][] = [];
  const noop = () => {};
  const client = testClient({
    logger: { debug: noop, info: noop, error: noop, warn: (m, d) => warnings.push([m, d]) },
  });
  return { client, warnings };
}

describe('activate on an already-active installation', () => {
  it('warns naming the settings that were not applied, and where to change them', async () => {
    recordRequests(server, 'get', statusUrl, status('active'));
    const posts = recordRequests(server, 'post', callback, new HttpResponse(null, { status: 201 }));
    const { client, warnings } = logged();
    await expect(
      client.marketplace.activate({
        locationId: 456,
        webhookUrls: ['https://vendor.example/h/456'],
        apiKey: API_KEY,
        secretKey: SECRET,
        chatUrl: 'https://vendor.example/chat',
      }),
    ).resolves.toStrictEqual({ outcome: 'already-active' });
    expect(posts).toHaveLength(0);
    const ours = warnings.filter(([m]) => m.startsWith('marketplace.activate'));
    expect(ours).toHaveLength(1);
    const [message, data] = ours[0] as [string, unknown];
    expect(message).toMatch(/already active/);
    expect(message).toMatch(/webhookUrls, apiKey, chatUrl, secretKey/);
    expect(message).toMatch(/addWebhookUrls/);
    expect(message).toMatch(/installFrame/);
    expect(data).toStrictEqual({
      locationId: 456,
      notApplied: ['webhookUrls', 'apiKey', 'chatUrl', 'secretKey'],
    });
    const text = JSON.stringify(warnings);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('vendor.example/h/456');
    expectNoSecrets(text);
  });

  it('warns too when another instance activated it first (the 403 race)', async () => {
    recordRequests(server, 'get', statusUrl, status('pending'));
    recordRequests(
      server,
      'post',
      callback,
      HttpResponse.json(
        { success: false, data: null, meta: { message: 'The user has already installed this application.' } },
        { status: 403 },
      ),
    );
    const { client, warnings } = logged();
    await expect(
      client.marketplace.activate({ locationId: 456, webhookUrls: ['https://vendor.example/h/456'] }),
    ).resolves.toStrictEqual({ outcome: 'already-active' });
    expect(warnings.filter(([m]) => /not applied.*addWebhookUrls/.test(m))).toHaveLength(1);
  });

  it('says nothing when no setting was given', async () => {
    recordRequests(server, 'get', statusUrl, status('active'));
    const { client, warnings } = logged();
    await client.marketplace.activate({ locationId: 456 });
    expect(warnings.filter(([m]) => m.startsWith('marketplace.activate'))).toHaveLength(0);
  });
});
