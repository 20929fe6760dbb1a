// The fake after the wire corrections, driven by our own client over a loopback server (and raw fetch
// where the wire itself is the point): what Altegio's back end sends and answers, per correction.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConnectRedirect, InvalidInputError } from 'altegio-marketplace';
import {
  createFakeAltegio,
  type FakeAltegio,
  type FakeAltegioServer,
  NO_ROUTE_HEADER,
  type RedirectLocationForm,
} from 'altegio-marketplace/testing';
import { createLifecycleHandler, type PaymentEvent } from 'altegio-marketplace/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN, testClient, USER_TOKEN } from '../helpers';

let fake: FakeAltegio;
let server: FakeAltegioServer;
let clock: Date;
const REGISTER = 'https://vendor.test/altegio/register';
const LOGIN = 'vendor-login-a81c3f';
const SECRET_KEY = 'vendor-secret-key-7d2e9b41';

beforeEach(async () => {
  clock = new Date('2026-03-01T10:00:00Z');
  fake = createFakeAltegio({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    userToken: USER_TOKEN,
    now: () => clock,
    rateLimit: false,
  });
  server = await fake.listen();
});
afterEach(() => server.close());

const client = () => testClient({ platform: server.platform });
const raw = (url: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`,
      accept: 'application/vnd.api.v2+json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

describe('redirects (C1, C2)', () => {
  it('grants several locations with comma-separated salon_ids and the id payload by default', async () => {
    const url = await fake.grantAccess({
      registrationUrl: REGISTER,
      locationIds: [4564, 4232],
      user: { userId: 8123, name: 'Ann', isApproved: true, locationName: 'Studio 9' },
    });
    expect(new URL(url).search).toMatch(/^\?salon_ids=4564,4232&user_data=/);
    const userData = new URL(url).search.match(/user_data=([^&]*)/)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(decodeURIComponent(userData), 'base64').toString('utf8'))).toMatchObject({
      id: 8123,
      is_approved: true,
      salon_name: 'Studio 9',
    });
    const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} });
    expect(redirect).toMatchObject({
      locationIds: [4564, 4232],
      user: { userId: 8123, isApproved: true, locationName: 'Studio 9' },
    });
    const report = await client().connect(redirect);
    expect(report.ok).toBe(true);
    expect(report.locations.map((l) => l.outcome)).toStrictEqual(['activated', 'activated']);
    expect(fake.installation(4564)?.status).toBe('active');
    expect(fake.installation(4232)?.status).toBe('active');
  });

  it.each(['brackets', 'indexed', 'repeated', 'csv'] as RedirectLocationForm[])(
    'produces the %s form on request, and connect reads it',
    async (locationForm) => {
      const url = await fake.grantAccess({ registrationUrl: REGISTER, locationIds: [1, 2], locationForm });
      const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} });
      expect(redirect.locationIds).toStrictEqual([1, 2]);
      expect((await client().connect(redirect)).ok).toBe(true);
    },
  );

  it('a second redirect for active locations (the owner opening the app card) is already-active', async () => {
    const url = await fake.grantAccess({ registrationUrl: REGISTER, locationIds: [1, 2] });
    const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} });
    await client().connect(redirect);
    const again = await client().connect(redirect);
    expect(again.ok).toBe(true);
    expect(again.locations.map((l) => l.outcome)).toStrictEqual(['already-active', 'already-active']);
  });
});

describe('activation (C5–C7)', () => {
  it('two instances racing: one activates, the other sees the 403 and reports already-active', async () => {
    fake.addInstallation({ locationId: 456, status: 'pending' });
    const [a, b] = [client(), client()];
    const outcomes = await Promise.all([
      a.marketplace.activate({ locationId: 456 }),
      b.marketplace.activate({ locationId: 456 }),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toStrictEqual(['activated', 'already-active']);
    const posts = fake.requests.filter((r) => r.path === '/marketplace/partner/callback');
    expect(posts.map((r) => r.status).sort()).toStrictEqual([201, 403]);
  });

  it('connect passes the activation fields per location; a bad one fails that location without its secrets', async () => {
    const url = await fake.grantAccess({ registrationUrl: REGISTER, locationIds: [1, 2] });
    const report = await client().connect(
      await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} }),
      {
        activation: (locationId) =>
          locationId === 1
            ? { chatUrl: 'https://vendor.test/chat/1', login: LOGIN, secretKey: SECRET_KEY }
            : { chatUrl: 'http://vendor.test/not-https', login: LOGIN, secretKey: SECRET_KEY },
      },
    );
    expect(report.locations.map((l) => l.outcome)).toStrictEqual(['activated', 'failed']);
    expect(report.locations[1]?.error).toBeInstanceOf(InvalidInputError);
    expect(fake.installation(1)).toMatchObject({
      chatUrl: 'https://vendor.test/chat/1',
      hasLogin: true,
      hasSecretKey: true,
    });
    expect(fake.installation(2)?.status).toBe('pending');
    const text = JSON.stringify(report.locations.map((l) => ({ ...l, message: l.error?.message })));
    expect(text).not.toContain(LOGIN);
    expect(text).not.toContain(SECRET_KEY);
  });

  it('keeps a pending link 12 hours by default, and takes activationWindowMs', async () => {
    fake.addInstallation({ locationId: 1, status: 'pending' });
    clock = new Date(clock.getTime() + 12 * 3_600_000 - 1000);
    await expect(client().marketplace.activate({ locationId: 1 })).resolves.toStrictEqual({
      outcome: 'activated',
    });
    const short = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      activationWindowMs: 60_000,
      rateLimit: false,
    });
    const shortServer = await short.listen();
    try {
      short.addInstallation({ locationId: 1, status: 'pending' });
      short.advanceTime(60_001);
      await expect(
        testClient({ platform: shortServer.platform }).marketplace.activate({ locationId: 1 }),
      ).rejects.toMatchObject({ status: 422 });
    } finally {
      await shortServer.close();
    }
  });

  it('stores chat_url, tips_url and channels; records login and secret_key redacted', async () => {
    fake.addInstallation({ locationId: 456, status: 'pending' });
    await client().marketplace.activate({
      locationId: 456,
      chatUrl: 'https://vendor.test/chat',
      tipsUrl: 'https://vendor.test/tips',
      channels: ['whatsapp'],
      login: LOGIN,
      secretKey: SECRET_KEY,
    });
    expect(fake.installation(456)).toMatchObject({
      chatUrl: 'https://vendor.test/chat',
      tipsUrl: 'https://vendor.test/tips',
      channels: { whatsapp: true },
      hasLogin: true,
      hasSecretKey: true,
    });
    expect(fake.frames(456)).toStrictEqual([{ type: 'chat', url: 'https://vendor.test/chat' }]);
    const text = JSON.stringify(fake.requests);
    expect(text).not.toContain(LOGIN);
    expect(text).not.toContain(SECRET_KEY);
    expect(JSON.stringify(fake.installation(456))).not.toContain(SECRET_KEY);
  });
});

describe('the application group and the fake’s routes (C8, C9)', () => {
  it.each(['appBaseUrl', 'apiBaseUrl'] as const)(
    'serves tariffs and payment_link on the %s',
    async (base) => {
      fake.addInstallation({ locationId: 456 });
      const tariffs = await raw(`${server[base]}/marketplace/application/${APPLICATION_ID}/tariffs`);
      expect(tariffs.status).toBe(200);
      const link = await raw(
        `${server[base]}/marketplace/application/payment_link?salon_id=456&application_id=${APPLICATION_ID}&tariff_option_id=123`,
      );
      expect(link.status).toBe(200);
    },
  );

  it('puts tariff_option_id in the payment link, and refuses an unknown option', async () => {
    fake.addInstallation({ locationId: 456 });
    const { url } = await client().marketplace.createPaymentLink({ locationId: 456, tariffOptionId: 123 });
    expect(new URL(url).searchParams.get('tariff_option_id')).toBe('123');
    await expect(
      client().marketplace.createPaymentLink({ locationId: 456, tariffOptionId: 999 }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('answers an unknown route with a plain-text 400 that says so (text and header), unlike "not installed"', async () => {
    const answer = await raw(`${server.apiBaseUrl}/marketplace/application/no_such_thing`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get(NO_ROUTE_HEADER)).toBe('no-route');
    expect(await answer.text()).toMatch(
      /fake Altegio has no route for GET api \/marketplace\/application\/no_such_thing/,
    );
    const notInstalled = await raw(`${server.appBaseUrl}/marketplace/salon/9/application/${APPLICATION_ID}`);
    expect(notInstalled.status).toBe(404);
    expect(notInstalled.headers.get(NO_ROUTE_HEADER)).toBeNull();
  });
});

describe('payment lifecycle webhook (C17)', () => {
  it('sends a signed payment event the SDK verifies, signed over the number’s own text', async () => {
    const events: PaymentEvent[] = [];
    const handler = createLifecycleHandler({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      onPayment: (event) => {
        events.push(event);
      },
    });
    let body = '';
    const vendor = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        body = Buffer.concat(chunks).toString('utf8');
        const answer = await handler(
          new Request('http://vendor.test/callback', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          }),
        );
        res.writeHead(answer.status).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    try {
      fake.callbackUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}/callback`;
      fake.addInstallation({ locationId: 456, status: 'freezed' });
      const delivery = await fake.pay(456, { amount: 100.5, discount: 10, tariffOptionId: 123 });
      expect(delivery).toMatchObject({ event: 'payment', locationId: 456, status: 200 });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ locationId: 456, amount: 100.5, discount: 10 });
      expect(fake.installation(456)?.status).toBe('active');
      expect(fake.payments(456)).toHaveLength(1);
      const { createHmac } = await import('node:crypto');
      const sign = (JSON.parse(body) as { sign: string }).sign;
      expect(sign).toBe(
        createHmac('sha256', PARTNER_TOKEN).update('salon_id=456&amount=100.5&discount=10').digest('hex'),
      );
    } finally {
      vendor.closeAllConnections();
      await new Promise<void>((resolve) => vendor.close(() => resolve()));
    }
  });
});

describe('frames, webhook settings and dictionaries (C10, C12)', () => {
  it('installFrame replaces the one chat frame of a location, and needs an installation', async () => {
    fake.addInstallation({ locationId: 456 });
    await client().marketplace.installFrame({ locationId: 456, type: 'chat', url: 'https://vendor.test/a' });
    await client().marketplace.installFrame({ locationId: 456, type: 'chat', url: 'https://vendor.test/b' });
    expect(fake.frames(456)).toStrictEqual([{ type: 'chat', url: 'https://vendor.test/b' }]);
    await expect(
      client().marketplace.installFrame({ locationId: 9, type: 'chat', url: 'https://vendor.test/a' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('addWebhookUrls keeps another app’s URL; an 11th URL is refused before anything is written', async () => {
    fake.addInstallation({ locationId: 456 });
    fake.setWebhookSettings(456, { urls: ['https://other.example/hooks'], active: 1, record: 1 });
    await client().marketplace.addWebhookUrls(456, ['https://vendor.test/hooks/456']);
    expect(fake.webhookSettings(456)).toMatchObject({
      urls: ['https://other.example/hooks', 'https://vendor.test/hooks/456'],
      active: 1,
      record: 1,
    });
    await client().marketplace.removeWebhookUrls(456, ['https://vendor.test/hooks/456']);
    expect(fake.webhookSettings(456).urls).toStrictEqual(['https://other.example/hooks']);

    const ten = Array.from({ length: 10 }, (_, i) => `https://app${i}.example/hooks`);
    fake.setWebhookSettings(456, { urls: ten, active: 1 });
    const before = fake.requests.length;
    await expect(
      client().marketplace.addWebhookUrls(456, ['https://vendor.test/hooks/456']),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(fake.requests.slice(before).map((r) => r.method)).toStrictEqual(['GET']);
    // The fake enforces the limit on the wire too.
    const answer = await raw(`${server.apiBaseUrl}/hooks_settings/456`, {
      method: 'POST',
      body: { urls: [...ten, 'https://vendor.test/hooks/456'], active: 1 },
    });
    expect(answer.status).toBe(422);
    expect(fake.webhookSettings(456).urls).toStrictEqual(ten);
  });

  it('serves the dictionaries', async () => {
    const altegio = client();
    expect((await altegio.dictionaries.countries()).map((c) => c.isoCode)).toContain('US');
    expect((await altegio.dictionaries.cities({ countryId: 56 })).map((c) => c.title)).toStrictEqual([
      'Paris',
    ]);
    expect((await altegio.dictionaries.businessTypes())[0]?.types.length).toBeGreaterThan(0);
  });
});
