import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { AltegioApiError, isAltegioError } from 'altegio-marketplace';
import { createFakeAltegio, NO_ROUTE_HEADER } from 'altegio-marketplace/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  CRM_TOKEN,
  expectNoSecrets,
  PARTNER_TOKEN,
  testClient,
  USER_TOKEN,
} from '../helpers';

const LOCATION = 456;
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A loopback server answering every request with `answer`; records what reached it. */
async function loopback(answer: (req: IncomingMessage, port: number) => [number, Record<string, string>]) {
  const hits: { path: string | undefined; body: string }[] = [];
  let port = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hits.push({ path: req.url, body });
      const [status, headers] = answer(req, port);
      res.writeHead(status, headers).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return { hits, url: (path: string) => `http://127.0.0.1:${port}${path}` };
}

describe('the fake: lifecycle deliveries never follow a redirect', () => {
  it.each([307, 308, 302])(
    'a %i from the callback is a failed delivery and the body goes nowhere else',
    async (code) => {
      const vendor = await loopback((req, port) =>
        req.url === '/callback' ? [code, { location: `http://127.0.0.1:${port}/elsewhere` }] : [200, {}],
      );
      const fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
      fake.callbackUrl = vendor.url('/callback');
      fake.addInstallation({ locationId: LOCATION });
      const delivery = await fake.disconnect(LOCATION);
      expect(delivery.status).toBeUndefined();
      expect(delivery.error).toMatch(new RegExp(`redirect \\(${code}\\)`));
      expect(vendor.hits.map((hit) => hit.path)).toEqual(['/callback']);
      expect(fake.webhooks.at(-1)?.error).toMatch(/redirect/);
    },
  );

  it('a 200 is still a delivered webhook', async () => {
    const vendor = await loopback(() => [200, {}]);
    const fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    fake.callbackUrl = vendor.url('/callback');
    fake.addInstallation({ locationId: LOCATION });
    expect(await fake.freeze(LOCATION)).toMatchObject({ status: 200 });
    expect(JSON.parse(vendor.hits[0]?.body ?? '{}')).toMatchObject({ event: 'freeze', salon_id: LOCATION });
  });
});

describe('the fake: request records redact the query', () => {
  it('credential parameters and known tokens in the query never reach fake.requests', async () => {
    const fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      userToken: USER_TOKEN,
      rateLimit: false,
    });
    const query = new URLSearchParams({
      partner_token: PARTNER_TOKEN,
      crm_token: CRM_TOKEN,
      note: `x${USER_TOKEN}y`,
      page: '2',
    });
    await fake.handle(
      new Request(
        `https://app.alteg.io/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}?${query}`,
        {
          headers: { authorization: `Bearer ${PARTNER_TOKEN}`, accept: 'application/vnd.api.v2+json' },
        },
      ),
    );
    const record = fake.requests.at(-1);
    expect(record?.query).toEqual({
      partner_token: '[REDACTED]',
      crm_token: '[REDACTED]',
      note: 'x[REDACTED]y',
      page: '2',
    });
    expectNoSecrets(JSON.stringify(fake.requests));
    expectNoSecrets(inspect(fake.requests, { depth: 10 }));
  });
});

describe('the fake: an unknown route can never pass for an Altegio answer', () => {
  it('answers 400 in plain text with the no-route header', async () => {
    const fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    const answer = await fake.handle(new Request('https://app.alteg.io/marketplace/no_such_thing'));
    expect(answer.status).toBe(400);
    expect(answer.headers.get(NO_ROUTE_HEADER)).toBe('no-route');
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toMatch(/fake Altegio has no route for GET app \/marketplace\/no_such_thing/);
  });

  it('getInstallation and connect through a wrong base URL throw / fail with a typed error naming the cause', async () => {
    const fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    fake.addInstallation({ locationId: LOCATION, status: 'pending' });
    const server = await fake.listen();
    try {
      const wrong = testClient({
        platform: {
          ...server.platform,
          appBaseUrl: `${server.appBaseUrl}/wrong`,
          applicationBaseUrl: `${server.appBaseUrl}/wrong`,
          apiBaseUrl: `${server.appBaseUrl}/wrong/api/v1`,
        },
      });
      const error = await wrong.marketplace.getInstallation(LOCATION).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isAltegioError(error)).toBe(true);
      expect(error).toBeInstanceOf(AltegioApiError);
      expect((error as AltegioApiError).status).toBe(400);
      expect((error as Error).message).toMatch(/not JSON.*check the platform base URL/);
      expect((error as AltegioApiError).body).toMatch(/fake Altegio has no route for GET/);
      expectNoSecrets(`${(error as Error).message} ${inspect(error, { depth: 10 })}`);

      const report = await wrong.connect({ locationIds: [LOCATION] });
      expect(report.locations[0]?.outcome).toBe('failed');
      const failed = report.locations[0]?.error;
      expect(isAltegioError(failed)).toBe(true);
      expect(failed).toBeInstanceOf(AltegioApiError);
      expect(failed?.message).toMatch(/400.*check the platform base URL/);
      expect((failed as AltegioApiError).body).toMatch(/fake Altegio has no route/);
      // Not retried: one request per call reached the fake.
      expect(fake.requests.map((r) => r.status)).toEqual([400, 400]);
      // Nothing was activated on the fake.
      expect(fake.installation(LOCATION)?.status).toBe('pending');
    } finally {
      await server.close();
    }
  });
});

describe('the fake: activation webhook_urls live in the location webhook settings', () => {
  it('getWebhookSettings shows them, other apps’ URLs stay, and removeWebhookUrls removes them', async () => {
    const fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      userToken: USER_TOKEN,
      rateLimit: false,
    });
    const server = await fake.listen();
    try {
      const altegio = testClient({ platform: server.platform });
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      fake.setWebhookSettings(LOCATION, { urls: ['https://other-app.example/h'], active: 1, client: 1 });
      await altegio.marketplace.activate({ locationId: LOCATION, webhookUrls: ['https://me.example/h'] });
      const settings = await altegio.marketplace.getWebhookSettings(LOCATION);
      expect(settings.urls).toEqual(['https://other-app.example/h', 'https://me.example/h']);
      expect(settings.active).toBe(true);
      expect(fake.webhookSettings(LOCATION)).toMatchObject({ active: 1, record: 1, client: 1 });
      expect(fake.installation(LOCATION)?.webhookUrls).toEqual(['https://me.example/h']);

      await altegio.marketplace.removeWebhookUrls(LOCATION, ['https://me.example/h']);
      expect(fake.webhookSettings(LOCATION).urls).toEqual(['https://other-app.example/h']);
    } finally {
      await server.close();
    }
  });

  it('an activation without webhook_urls leaves the settings as they were', async () => {
    const fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      rateLimit: false,
    });
    const server = await fake.listen();
    try {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      await testClient({ platform: server.platform }).marketplace.activate({ locationId: LOCATION });
      expect(fake.webhookSettings(LOCATION)).toMatchObject({ urls: [], active: 0 });
    } finally {
      await server.close();
    }
  });
});
