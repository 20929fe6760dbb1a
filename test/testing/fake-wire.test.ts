// The fake against the reference's wire facts, with raw fetch (not through our client), in both modes:
// as msw handlers on the production hosts and as a loopback server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { ConfigurationError } from 'altegio-marketplace';
import { createFakeAltegio, type FakeAltegio } from 'altegio-marketplace/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, CRM_TOKEN, expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../helpers';
import { requestExamples } from './openapi';

const ACCEPT = 'application/vnd.api.v2+json';
const LOCATION = 456;
const CALLBACK_PATH = '/altegio/callback';

interface Received {
  body: Record<string, unknown>;
  accept: string | null;
}

interface Mode {
  name: string;
  setup(
    fake: FakeAltegio,
  ): Promise<{ app: string; api: string; callbackUrl: string; close(): Promise<void> }>;
}

const received: Received[] = [];

// msw mode: the fake intercepts the production hosts; the vendor's callback is intercepted too.
const mswServer = setupServer();
const mswMode: Mode = {
  name: 'msw handlers',
  async setup(fake) {
    mswServer.use(
      ...fake.handlers,
      http.post(`https://vendor.test${CALLBACK_PATH}`, async ({ request }) => {
        received.push({
          body: (await request.json()) as Record<string, unknown>,
          accept: request.headers.get('accept'),
        });
        return HttpResponse.json({ ok: true });
      }),
    );
    return {
      app: 'https://app.alteg.io',
      api: 'https://api.alteg.io/api/v1',
      callbackUrl: `https://vendor.test${CALLBACK_PATH}`,
      close: async () => {},
    };
  },
};

// server mode: the fake listens on 127.0.0.1; the vendor's callback is a real loopback server.
const serverMode: Mode = {
  name: 'loopback server',
  async setup(fake) {
    const listening = await fake.listen();
    const vendor = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        received.push({
          body: JSON.parse(text) as Record<string, unknown>,
          accept: req.headers.accept ?? null,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    const port = (vendor.address() as AddressInfo).port;
    return {
      app: listening.appBaseUrl,
      api: listening.apiBaseUrl,
      callbackUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
      close: async () => {
        await listening.close();
        vendor.closeAllConnections();
        await new Promise<void>((resolve) => vendor.close(() => resolve()));
      },
    };
  },
};

beforeAll(() => mswServer.listen({ onUnhandledFrame: 'bypass' }));
afterAll(() => mswServer.close());

describe.each([mswMode, serverMode])('fake Altegio as $name', (mode) => {
  let fake: FakeAltegio;
  let app: string;
  let api: string;
  let close: () => Promise<void>;
  let clock: Date;

  beforeEach(async () => {
    received.length = 0;
    clock = new Date('2026-03-01T10:00:00Z');
    fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      userToken: USER_TOKEN,
      now: () => clock,
      rateLimit: false,
    });
    const started = await mode.setup(fake);
    ({ app, api, close } = started);
    fake.callbackUrl = started.callbackUrl;
  });
  afterEach(async () => {
    await close();
    mswServer.resetHandlers();
  });

  const send = async (
    method: 'GET' | 'POST',
    url: string,
    options: { body?: unknown; auth?: string | null; accept?: string | null } = {},
  ) => {
    const headers: Record<string, string> = {};
    const auth = options.auth === undefined ? `Bearer ${PARTNER_TOKEN}` : options.auth;
    if (auth !== null) headers.authorization = auth;
    const accept = options.accept === undefined ? ACCEPT : options.accept;
    if (accept !== null) headers.accept = accept;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      redirect: 'manual',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
    };
  };
  const status = (location = LOCATION) =>
    send('GET', `${app}/marketplace/salon/${location}/application/${APPLICATION_ID}`);
  const activate = (location = LOCATION, extra: Record<string, unknown> = {}) =>
    send('POST', `${app}/marketplace/partner/callback`, {
      body: { salon_id: location, application_id: APPLICATION_ID, ...extra },
    });
  const payment = (overrides: Record<string, unknown> = {}) =>
    send('POST', `${app}/marketplace/partner/payment`, {
      body: {
        salon_id: LOCATION,
        application_id: APPLICATION_ID,
        currency_iso: 'USD',
        payment_sum: 19.9,
        payment_date: '2026-03-01 10:05:00',
        period_from: '2026-03-01 00:00:00',
        period_to: '2026-04-01 00:00:00',
        ...overrides,
      },
    });
  const voip = (body: Record<string, unknown>) => send('POST', `${api}/voip/integration`, { body });

  describe('authentication and headers (§2.2, §2.3)', () => {
    it('answers 401 with the documented envelope without a partner token or with a wrong one', async () => {
      fake.addInstallation({ locationId: LOCATION });
      for (const auth of [null, 'Bearer wrong-token', `Token ${PARTNER_TOKEN}`]) {
        const answer = await send(
          'GET',
          `${app}/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}`,
          {
            auth,
          },
        );
        expect(answer.status).toBe(401);
        expect(answer.json).toEqual({
          success: false,
          data: null,
          meta: { message: 'Authentication needed.' },
        });
      }
    });

    it('requires the Accept media type', async () => {
      fake.addInstallation({ locationId: LOCATION });
      expect(
        (
          await send('GET', `${app}/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}`, {
            accept: null,
          })
        ).status,
      ).toBe(406);
      expect((await status()).status).toBe(200);
    });

    it('requires "Bearer <partner>, User <user>" on the call list', async () => {
      const url = `${api}/voip/integration/calls?salon_id=${LOCATION}&date_from=2026-01-01&date_to=2026-12-31`;
      expect((await send('GET', url)).status).toBe(401);
      expect((await send('GET', url, { auth: `Bearer ${PARTNER_TOKEN}, User wrong` })).status).toBe(401);
      expect((await send('GET', url, { auth: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}` })).status).toBe(
        200,
      );
    });

    it('answers 403 for another application id and a plain-text 400 for unknown paths', async () => {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      expect((await activate(LOCATION, { application_id: 999 })).status).toBe(403);
      expect((await send('GET', `${app}/marketplace/salon/${LOCATION}/application/999`)).status).toBe(403);
      expect((await send('GET', `${app}/marketplace/nowhere`)).status).toBe(400);
    });
  });

  describe('installation state machine (§3.1, §3.6, §5.4, §5.6)', () => {
    it('reports 404 "Application isn\'t installed" for a location without a link', async () => {
      const answer = await status(999);
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({
        success: false,
        data: null,
        meta: { message: "Application isn't installed" },
      });
    });

    it('activates a pending link once (201, empty body), then answers a repeat with 403 "already installed"', async () => {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      expect((await status()).json.data.connection_status.status).toBe('pending');

      const first = await activate(LOCATION, { webhook_urls: ['https://vendor.test/hooks'] });
      expect(first.status).toBe(201);
      expect(first.text).toBe('');

      const after = (await status()).json;
      expect(after.success).toBe(true);
      expect(after.data.connection_status).toEqual({ status: 'active', created_at: '2026-03-01 10:00:00' });
      expect(after.data.logs.at(-1)).toEqual({
        changed_at: '2026-03-01 10:00:00',
        status_from: 'pending',
        status_to: 'active',
        source: 'partner_api',
      });
      expect(fake.installation(LOCATION)?.webhookUrls).toEqual(['https://vendor.test/hooks']);

      const repeat = await activate();
      expect(repeat.status).toBe(403);
      expect(repeat.json).toEqual({
        success: false,
        data: null,
        meta: { message: 'The user has already installed this application.' },
      });
    });

    it('rejects activation after the 12-hour window, accepts it just inside', async () => {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      fake.addInstallation({ locationId: 457, status: 'pending' });
      fake.advanceTime(12 * 3_600_000);
      expect((await activate(LOCATION)).status).toBe(201);
      fake.advanceTime(1);
      const late = await activate(457);
      expect(late.status).toBe(422);
      expect(late.json.meta.message).toMatch(/window/i);
      expect(fake.installation(457)?.status).toBe('pending');
    });

    it('validates the activation body with a 422 listing the fields', async () => {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      const answer = await send('POST', `${app}/marketplace/partner/callback`, {
        body: { salon_id: 'abc', application_id: APPLICATION_ID, webhook_urls: ['not a url'] },
      });
      expect(answer.status).toBe(422);
      expect(answer.json.meta.message).toBe('An error has occurred.');
      const fields = answer.json.meta.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['salon_id', 'webhook_urls.0']));
    });

    it('answers the browser variant with 301 and a Location', async () => {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      const answer = await send('POST', `${app}/marketplace/partner/callback/redirect`, {
        body: { salon_id: LOCATION, application_id: APPLICATION_ID },
      });
      expect(answer.status).toBe(301);
      expect(answer.headers.get('location')).toMatch(/^https?:\/\//);
      expect(fake.installation(LOCATION)?.status).toBe('active');
    });
  });

  describe('payments and refunds (§3.3, §3.4)', () => {
    it('answers {success:true,data:{id}} with increasing ids, listed in the status', async () => {
      fake.addInstallation({ locationId: LOCATION });
      const first = await payment();
      const second = await payment({ payment_sum: 25, payment_date: '2026-04-01 10:05:00' });
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ success: true, data: { id: expect.any(Number) } });
      expect(second.json.data.id).toBeGreaterThan(first.json.data.id);

      const payments = (await status()).json.data.payments;
      expect(payments).toEqual([
        {
          id: first.json.data.id,
          payment_sum: 19.9,
          payment_date: '2026-03-01 10:05:00',
          is_refunded: false,
          period_from: '2026-03-01 00:00:00',
          period_to: '2026-04-01 00:00:00',
        },
        expect.objectContaining({ id: second.json.data.id, payment_sum: 25 }),
      ]);
      expect(fake.payments(LOCATION).map((item) => item.id)).toEqual([
        first.json.data.id,
        second.json.data.id,
      ]);
    });

    it('validates currency and timestamp formats (§2.6)', async () => {
      fake.addInstallation({ locationId: LOCATION });
      const answer = await payment({
        currency_iso: 'usd',
        payment_date: '2026-03-01T10:05:00Z',
        payment_sum: -1,
      });
      expect(answer.status).toBe(422);
      const fields = answer.json.meta.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['currency_iso', 'payment_date', 'payment_sum']));
      expect(fake.payments()).toEqual([]);
    });

    it('refuses a payment for a location that was never activated', async () => {
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      expect((await payment()).status).toBe(422);
      expect((await payment({ salon_id: 999 })).status).toBe(422);
    });

    it('marks a refund (200, no body), refuses a second one, and disables the link an hour later', async () => {
      fake.addInstallation({ locationId: LOCATION });
      const id = (await payment()).json.data.id;
      const refund = await send('POST', `${app}/marketplace/partner/payment/refund/${id}`);
      expect(refund.status).toBe(200);
      expect(refund.text).toBe('');
      expect((await status()).json.data.payments[0].is_refunded).toBe(true);
      expect((await send('POST', `${app}/marketplace/partner/payment/refund/${id}`)).status).toBe(422);
      expect((await send('POST', `${app}/marketplace/partner/payment/refund/424242`)).status).toBe(422);

      fake.advanceTime(3_600_000);
      expect((await status()).status).toBe(404);
      expect(fake.installation(LOCATION)?.logs.at(-1)).toMatchObject({
        status_to: 'uninstalled',
        source: 'refund',
      });
    });

    it('unfreezes a frozen link on payment', async () => {
      fake.addInstallation({ locationId: LOCATION });
      await fake.freeze(LOCATION);
      expect((await status()).json.data.connection_status.status).toBe('freezed');
      expect((await payment()).status).toBe(200);
      expect((await status()).json.data.connection_status.status).toBe('active');
    });
  });

  describe('uninstall and lifecycle webhooks (§3.5, §6.1)', () => {
    it('uninstalls (200 envelope), then status is 404 and an uninstall webhook reaches the callback URL', async () => {
      fake.addInstallation({ locationId: LOCATION });
      const answer = await send(
        'POST',
        `${app}/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}/uninstall`,
      );
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ success: true, data: null, meta: {} });
      expect((await status()).status).toBe(404);
      await fake.idle();
      expect(received).toEqual([
        {
          body: {
            salon_id: LOCATION,
            application_id: APPLICATION_ID,
            event: 'uninstall',
            partner_token: PARTNER_TOKEN,
          },
          accept: ACCEPT,
        },
      ]);
      // Uninstalling again is idempotent and sends nothing more; never-installed is 404.
      expect(
        (await send('POST', `${app}/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}/uninstall`))
          .status,
      ).toBe(200);
      expect(
        (await send('POST', `${app}/marketplace/salon/999/application/${APPLICATION_ID}/uninstall`)).status,
      ).toBe(404);
      await fake.idle();
      expect(received).toHaveLength(1);
    });

    it('disconnect() and freeze() post the webhooks and resolve to the vendor answer', async () => {
      fake.addInstallation({ locationId: LOCATION });
      fake.addInstallation({ locationId: 457 });
      expect(await fake.freeze(457)).toMatchObject({ event: 'freeze', locationId: 457, status: 200 });
      expect(await fake.disconnect(LOCATION)).toMatchObject({
        event: 'uninstall',
        locationId: LOCATION,
        status: 200,
      });
      expect(received.map((item) => [item.body.event, item.body.salon_id])).toEqual([
        ['freeze', 457],
        ['uninstall', LOCATION],
      ]);
      expect(fake.installation(457)?.status).toBe('freezed');
      expect((await status()).status).toBe(404);
      // A fresh grant after uninstall creates a new pending link that keeps the history.
      fake.addInstallation({ locationId: LOCATION, status: 'pending' });
      const statuses = (await status()).json.data.logs.map((log: { status_to: string }) => log.status_to);
      expect(statuses).toEqual(['pending', 'active', 'uninstalled', 'pending']);
    });
  });

  describe('VoIP (§4)', () => {
    const ring = {
      command: 'event',
      type: 'incoming',
      crm_token: CRM_TOKEN,
      phone: '+13155550175',
      diversion: '+13155550176',
    };
    const history = (extra: Record<string, unknown> = {}) => ({
      command: 'history',
      type: 'incoming',
      crm_token: CRM_TOKEN,
      phone: '+13155550175',
      diversion: '+13155550176',
      duration: 90,
      status: 'success',
      date: '2026-03-01T10:00:00+00:00',
      ...extra,
    });
    const calls = (query: string) =>
      send(
        'GET',
        `${api}/voip/integration/calls?salon_id=${LOCATION}&date_from=2026-03-01&date_to=2026-03-31${query}`,
        {
          auth: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`,
        },
      );

    it('answers 202 Accepted, but ignores events and history while telephony is disabled', async () => {
      fake.addInstallation({ locationId: LOCATION, crmToken: CRM_TOKEN });
      const early = await voip(history());
      expect(early.status).toBe(202);
      expect(early.json).toEqual({ success: true, data: null, meta: { message: 'Accepted' } });
      expect((await calls('')).json.data).toEqual([]);

      expect((await voip({ command: 'setup', type: 'enable', crm_token: CRM_TOKEN })).status).toBe(202);
      expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(true);
      expect((await voip(ring)).status).toBe(202);
      expect((await voip(history({ call_id: 'c-1', link: 'https://pbx.test/c-1.mp3' }))).status).toBe(202);
      expect(fake.telephony(CRM_TOKEN)?.commands.map((c) => [c.command, c.processed])).toEqual([
        ['history', false],
        ['setup', true],
        ['event', true],
        ['history', true],
      ]);
      expect((await calls('')).json.data).toEqual([
        {
          id: expect.any(Number),
          client_id: 0,
          caller_phone: '+13155550175',
          record_link: 'https://pbx.test/c-1.mp3',
          duration: 90,
          status: 'success',
          type: 'incoming',
          call_date: '2026-03-01T10:00:00+00:00',
        },
      ]);

      await voip({ command: 'setup', type: 'disable', crm_token: CRM_TOKEN });
      expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(false);
      await voip(history({ call_id: 'c-2' }));
      expect((await calls('')).json.data).toHaveLength(1);
    });

    it('filters the call list by types[], statuses[], phone, dates and pages', async () => {
      fake.addInstallation({ locationId: LOCATION, crmToken: CRM_TOKEN, telephonyEnabled: true });
      await voip(history({ call_id: 'a', type: 'incoming', status: 'missed' }));
      await voip(history({ call_id: 'b', type: 'outgoing', status: 'success', phone: '+10000000000' }));
      await voip(
        history({ call_id: 'c', type: 'incoming', status: 'success', date: '2026-04-02T10:00:00+00:00' }),
      );
      const ids = (answer: { json: { data: { caller_phone: string; type: string; status: string }[] } }) =>
        answer.json.data.map((item) => `${item.type}/${item.status}`);
      expect(ids(await calls(''))).toEqual(['incoming/missed', 'outgoing/success']);
      expect(ids(await calls('&types[]=outgoing'))).toEqual(['outgoing/success']);
      expect(ids(await calls('&statuses[]=missed&statuses[]=busy'))).toEqual(['incoming/missed']);
      expect(ids(await calls('&phone=%2B10000000000'))).toEqual(['outgoing/success']);
      expect(ids(await calls('&limit=1&page=2'))).toEqual(['outgoing/success']);
      expect((await calls('&types[]=sideways')).status).toBe(422);
    });

    it('rejects malformed commands with 422 and an unknown crm_token with 404', async () => {
      fake.addInstallation({ locationId: LOCATION, crmToken: CRM_TOKEN, telephonyEnabled: true });
      expect((await voip({ command: 'setup', type: 'on', crm_token: CRM_TOKEN })).status).toBe(422);
      expect((await voip({ command: 'event', type: 'incoming', crm_token: CRM_TOKEN })).status).toBe(422);
      expect((await voip(history({ date: '2026-03-01 10:00:00' }))).status).toBe(422);
      expect((await voip({ command: 'setup', type: 'enable', crm_token: 'unknown-token' })).status).toBe(404);
    });
  });

  describe('other marketplace endpoints (§3.7–§3.12)', () => {
    it('lists locations, tariffs, discounts, payment links, channels and short names', async () => {
      fake.addInstallation({ locationId: LOCATION });
      fake.addInstallation({ locationId: 457 });
      const list = await send(
        'GET',
        `${app}/marketplace/application/${APPLICATION_ID}/salons?page=1&count=1`,
      );
      expect(list.json.data.map((item: { id: number }) => item.id)).toEqual([LOCATION]);
      const page2 = await send(
        'GET',
        `${app}/marketplace/application/${APPLICATION_ID}/salons?page=2&count=1`,
      );
      expect(page2.json.data.map((item: { id: number }) => item.id)).toEqual([457]);

      const tariffs = await send('GET', `${api}/marketplace/application/${APPLICATION_ID}/tariffs`);
      expect(tariffs.json.data[0].options[0]).toHaveProperty('overall_price');

      const discount = await send('POST', `${api}/marketplace/application/add_discount`, {
        body: { salon_ids: [LOCATION], application_id: APPLICATION_ID, discount: 15.5 },
      });
      expect(discount.json).toEqual({ success: true, data: {}, meta: [] });
      expect(fake.installation(LOCATION)?.discount).toBe(15.5);

      const link = await send(
        'GET',
        `${api}/marketplace/application/payment_link?salon_id=${LOCATION}&application_id=${APPLICATION_ID}&discount=10`,
      );
      expect(link.json.data.url).toMatch(
        /^https:\/\/alteg\.io\/appstore\/payment\/\?salon_id=456&.*sign=[0-9a-f]{64}$/,
      );

      const channel = await send('POST', `${api}/marketplace/application/update_channel`, {
        body: { salon_id: LOCATION, application_id: APPLICATION_ID, channel_slug: 'sms', is_available: true },
      });
      expect(channel.status).toBe(200);
      const badChannel = await send('POST', `${api}/marketplace/application/update_channel`, {
        body: { salon_id: LOCATION, application_id: APPLICATION_ID, channel_slug: 'fax', is_available: true },
      });
      expect(badChannel.status).toBe(422);
      expect(Array.isArray(badChannel.json.meta.errors)).toBe(false);

      const names = await send('POST', `${app}/marketplace/partner/short_names`, {
        body: { salon_id: LOCATION, application_id: APPLICATION_ID, short_names: ['Salon', 'SL'] },
      });
      expect(names.status).toBe(201);
      expect(fake.installation(LOCATION)).toMatchObject({
        shortNames: ['Salon', 'SL'],
        channels: { sms: true },
      });
    });
  });

  describe("the OpenAPI bundle's example bodies", () => {
    it('are accepted', async () => {
      const [payment] = requestExamples('/marketplace/partner/payment');
      expect(payment).toMatchObject({ salon_id: 123, period_from: '2022-01-01 10:10:00' });
      fake.addInstallation({ locationId: Number(payment?.salon_id) });
      const fakeFor123 = createFakeAltegio({
        partnerToken: PARTNER_TOKEN,
        applicationId: 123,
        rateLimit: false,
      });
      fakeFor123.addInstallation({ locationId: 123 });
      fakeFor123.addInstallation({ locationId: 124, crmToken: '7cf262d6-1656-43f9-86ac-2826bdc125d2' });
      const post = (path: string, body: unknown) =>
        fakeFor123.handle(
          new Request(`https://app.alteg.io${path}`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${PARTNER_TOKEN}`,
              accept: ACCEPT,
              'content-type': 'application/json',
            },
            body: JSON.stringify(body),
          }),
        );
      expect((await post('/marketplace/partner/payment', payment)).status).toBe(200);
      const commands = requestExamples('/voip/integration');
      expect(commands.map((body) => body.command)).toEqual(['setup', 'setup', 'history', 'event']);
      for (const body of commands) {
        const answer = await fakeFor123.handle(
          new Request('https://api.alteg.io/api/v1/voip/integration', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${PARTNER_TOKEN}`,
              accept: ACCEPT,
              'content-type': 'application/json',
            },
            body: JSON.stringify(body),
          }),
        );
        expect(answer.status, JSON.stringify(body)).toBe(202);
      }
    });
  });

  describe('fault injection', () => {
    it('answers the next N requests with a status and the error envelope, then recovers', async () => {
      fake.addInstallation({ locationId: LOCATION });
      fake.failNext(2, { status: 503, message: 'Service unavailable' });
      expect((await status()).json).toEqual({
        success: false,
        data: null,
        meta: { message: 'Service unavailable' },
      });
      expect((await status()).status).toBe(503);
      expect((await status()).status).toBe(200);
      expect(fake.requests.map((request) => request.fault ?? '-')).toEqual(['status', 'status', '-']);
    });

    it('answers HTTP 200 with success:false, or an HTML page', async () => {
      fake.addInstallation({ locationId: LOCATION });
      fake.failNext(1, { successFalse: true, message: 'Something went wrong' });
      fake.failNext(1, { html: true, status: 502 });
      const soft = await status();
      expect(soft.status).toBe(200);
      expect(soft.json).toMatchObject({ success: false, meta: { message: 'Something went wrong' } });
      const html = await status();
      expect(html.status).toBe(502);
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(html.text).toContain('<html>');
    });

    it('delays an answer', async () => {
      fake.addInstallation({ locationId: LOCATION });
      fake.failNext(1, { delayMs: 300 });
      const started = performance.now();
      expect((await status()).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    });

    it('drops the connection, before or after processing, only for the filtered path', async () => {
      fake.addInstallation({ locationId: LOCATION });
      fake.failNext(1, { drop: true }, { path: '/marketplace/partner/payment' });
      expect((await status()).status).toBe(200);
      await expect(payment()).rejects.toThrow();
      expect(fake.payments()).toHaveLength(0);

      fake.failNext(1, { drop: 'after' }, { path: /payment$/, method: 'POST' });
      await expect(payment()).rejects.toThrow();
      expect(fake.payments()).toHaveLength(1);
    });
  });

  describe('rate limit (§2.5)', () => {
    it('answers 429 with Retry-After past 5 requests a second', async () => {
      const limited = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
      limited.addInstallation({ locationId: LOCATION });
      const ask = () =>
        limited.handle(
          new Request(`https://app.alteg.io/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}`, {
            headers: { authorization: `Bearer ${PARTNER_TOKEN}`, accept: ACCEPT },
          }),
        );
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await ask());
      expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers[5]?.status).toBe(429);
      expect(Number(answers[5]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await answers[5]?.json()).toMatchObject({ success: false });
    });

    it('answers 429 past the per-minute limit', async () => {
      const limited = createFakeAltegio({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        rateLimit: { perSecond: 1000, perMinute: 3 },
      });
      const ask = () =>
        limited.handle(new Request(`https://api.alteg.io/api/v1/voip/integration`, { method: 'POST' }));
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await ask()).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });

  describe('assertion helpers', () => {
    it('records requests with the tokens redacted, and inspect() of the fake shows no token', async () => {
      fake.addInstallation({ locationId: LOCATION, crmToken: CRM_TOKEN });
      await voip({ command: 'setup', type: 'enable', crm_token: CRM_TOKEN });
      const [record] = fake.requests;
      expect(record).toMatchObject({
        method: 'POST',
        host: 'api',
        path: '/voip/integration',
        status: 202,
        body: { command: 'setup', type: 'enable' },
      });
      expect(record?.headers.authorization).toBe('Bearer [REDACTED]');
      expectNoSecrets(JSON.stringify(fake.requests));
      expectNoSecrets(inspect(fake, { depth: 10 }));
      // The full body stays available where the caller already knows the token.
      expect(fake.telephony(CRM_TOKEN)?.commands[0]?.body.crm_token).toBe(CRM_TOKEN);
    });
  });
});

describe('createFakeAltegio options', () => {
  it('refuses to start without a partner token or a valid application id', () => {
    expect(() => createFakeAltegio({ partnerToken: '', applicationId: 1 })).toThrow(/partnerToken/);
    expect(() => createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: 0 })).toThrow(
      /applicationId/,
    );
    expect(() => createFakeAltegio(undefined as never)).toThrow(ConfigurationError);
  });

  it('refuses a fault count that is not a positive integer', () => {
    const fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    expect(() => fake.failNext(0, { status: 500 })).toThrow(/count/);
    expect(() => fake.failNext(1.5, { status: 500 })).toThrow(/count/);
  });

  it('serves other hosts and media types, e.g. the YCLIENTS preset', async () => {
    const fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      appBaseUrl: 'https://api.yclients.com',
      apiBaseUrl: 'https://api.yclients.com/api/v1',
      accept: 'application/vnd.yclients.v2+json',
      rateLimit: false,
    });
    fake.addInstallation({ locationId: LOCATION, crmToken: CRM_TOKEN });
    const headers = {
      authorization: `Bearer ${PARTNER_TOKEN}`,
      accept: 'application/vnd.yclients.v2+json',
      'content-type': 'application/json',
    };
    const status = await fake.handle(
      new Request(`https://api.yclients.com/marketplace/salon/${LOCATION}/application/${APPLICATION_ID}`, {
        headers,
      }),
    );
    expect(status.status).toBe(200);
    const voip = await fake.handle(
      new Request('https://api.yclients.com/api/v1/voip/integration', {
        method: 'POST',
        headers,
        body: JSON.stringify({ command: 'setup', type: 'enable', crm_token: CRM_TOKEN }),
      }),
    );
    expect(voip.status).toBe(202);
    expect(fake.requests.map((r) => r.host)).toEqual(['app', 'api']);
  });
});
