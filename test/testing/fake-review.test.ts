import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createFakeAltegio } from 'altegio-marketplace/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, CRM_TOKEN, expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../helpers';

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
