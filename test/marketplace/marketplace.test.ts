import { inspect } from 'node:util';
import {
  type AltegioClient,
  AuthenticationError,
  InvalidInputError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  ResponseValidationError,
  ValidationError,
} from 'altegio-marketplace';
import { delay, HttpResponse, http, passthrough } from 'msw';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  API_KEY,
  APP,
  APPLICATION_ID,
  expectNoSecrets,
  PARTNER_TOKEN,
  type RecordedRequest,
  type Reply,
  recordRequests,
  testClient,
  useMswServer,
} from '../helpers';
import { bodyProblems, example, operation, operations as openapiOperations, queryProblems } from './openapi';

const server = useMswServer();

type Seen = RecordedRequest;

/** Answers `method url` with `replies` in turn (the last one repeats) and records every request. */
const route = (method: 'get' | 'post', url: string, ...replies: Reply[]): Seen[] =>
  recordRequests(server, method, url, ...replies);

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
const empty = (status: number) => new HttpResponse(null, { status });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );

/** The headers every marketplace call sends; `body` adds the JSON content type. */
function expectHeaders(seen: Seen | undefined, { body }: { body: boolean }) {
  expect(seen?.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}`);
  expect(seen?.headers.get('accept')).toBe('application/vnd.api.v2+json');
  if (body) expect(seen?.headers.get('content-type')).toMatch(/^application\/json/);
  else {
    expect(seen?.text).toBe('');
    expect(seen?.headers.get('content-type')).toBeNull();
  }
}

const bodyOf = (seen: Seen | undefined) => JSON.parse(seen?.text ?? 'null') as Record<string, unknown>;

let altegio: AltegioClient;
beforeAll(() => {
  altegio = testClient();
});

/** Answers every installation read with `status` (activate reads it before posting). */
function installationIs(status: string) {
  server.use(
    http.get(`${APP}/marketplace/salon/:id/application/${APPLICATION_ID}`, () =>
      HttpResponse.json({ success: true, data: { connection_status: { status } } }),
    ),
  );
}

describe('marketplace.activate', () => {
  const url = `${APP}/marketplace/partner/callback`;
  beforeEach(() => installationIs('pending'));

  it('POSTs salon_id, application_id, webhook_urls and api_key to the app host and resolves on 201 without a body', async () => {
    const seen = route('post', url, empty(201));
    await expect(
      altegio.marketplace.activate({
        locationId: 456,
        webhookUrls: ['https://vendor.example/h/456'],
        apiKey: API_KEY,
      }),
    ).resolves.toStrictEqual({ outcome: 'activated' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: true });
    const body = bodyOf(seen[0]);
    expect(body).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      webhook_urls: ['https://vendor.example/h/456'],
      api_key: API_KEY,
    });
    // The spec declares api_key a number while documenting a UUID: the SDK sends the string unchanged.
    expect(bodyProblems('marketplace_notification_settings_callback', body, ['api_key'])).toStrictEqual([]);
  });

  it('sends only the required fields when nothing else is given, and a numeric api_key as a number', async () => {
    const seen = route('post', url, empty(201));
    await altegio.marketplace.activate({ locationId: 7 });
    await altegio.marketplace.activate({ locationId: 8, apiKey: 990011 });
    expect(bodyOf(seen[0])).toStrictEqual({ salon_id: 7, application_id: APPLICATION_ID });
    expect(bodyOf(seen[1])).toStrictEqual({ salon_id: 8, application_id: APPLICATION_ID, api_key: 990011 });
    expect(bodyProblems('marketplace_notification_settings_callback', bodyOf(seen[0]))).toStrictEqual([]);
  });

  it.each([
    ['locationId 0', { locationId: 0 }],
    ['a negative locationId', { locationId: -4 }],
    ['a fractional locationId', { locationId: 4.5 }],
    ['a string locationId', { locationId: '456' }],
    ['a relative webhook URL', { locationId: 4, webhookUrls: ['/hooks'] }],
    ['a non-http webhook URL', { locationId: 4, webhookUrls: ['ftp://vendor.example/h'] }],
    [
      '11 webhook URLs',
      { locationId: 4, webhookUrls: Array.from({ length: 11 }, (_, i) => `https://v.example/${i}`) },
    ],
    ['an empty api key', { locationId: 4, apiKey: '' }],
  ])('rejects %s with InvalidInputError before sending', async (_label, input) => {
    const seen = route('post', url, empty(201));
    const error = await failure(altegio.marketplace.activate(input as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });

  it('maps 422 to ValidationError that explains the pending state and the 12-hour window, without the api key', async () => {
    const answer = { ...(example('marketplace_notification_settings_callback', 422) as object) };
    (answer as { meta: { errors: unknown } }).meta.errors = [{ api_key: API_KEY }];
    route('post', url, json(answer, 422));
    const logs: unknown[] = [];
    const client = testClient({
      logger: { error: (m, d) => logs.push([m, d]), debug: (m, d) => logs.push([m, d]) },
    });
    const error = await failure(client.marketplace.activate({ locationId: 456, apiKey: API_KEY }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect(error.message).toMatch(/An error has occurred/);
    expect(error.message).toMatch(/pending/);
    expect(error.message).toMatch(/activate at once; Altegio accepts it for up to 12 hours/);
    expect(error.message).not.toMatch(/within 1 hour/);
    expectNoSecrets(inspect(error, { depth: 10 }));
    expectNoSecrets(JSON.stringify(error));
    expectNoSecrets(JSON.stringify(logs));
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
  ])('maps %i to its typed error', async (status, type) => {
    route('post', url, json(example('marketplace_notification_settings_callback', status), status));
    expect(await failure(altegio.marketplace.activate({ locationId: 456 }))).toBeInstanceOf(type);
  });

  it('throws OutcomeUnknownError on a 500 and does not repeat the POST', async () => {
    const seen = route('post', url, json({ success: false }, 500), empty(201));
    expect(await failure(altegio.marketplace.activate({ locationId: 456 }))).toBeInstanceOf(
      OutcomeUnknownError,
    );
    expect(seen).toHaveLength(1);
  });
});

describe('marketplace.activateWithRedirect', () => {
  const url = `${APP}/marketplace/partner/callback/redirect`;

  it('returns the 301 Location without following it', async () => {
    const seen = route(
      'post',
      url,
      new HttpResponse(null, {
        status: 301,
        headers: { Location: 'https://vendor.example/welcome?salon_id=456' },
      }),
    );
    await expect(altegio.marketplace.activateWithRedirect({ locationId: 456 })).resolves.toStrictEqual({
      redirectUrl: 'https://vendor.example/welcome?salon_id=456',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: true });
    expect(bodyOf(seen[0])).toStrictEqual({ salon_id: 456, application_id: APPLICATION_ID });
    expect(
      bodyProblems('marketplace_notification_settings_redirect_callback', bodyOf(seen[0])),
    ).toStrictEqual([]);
  });

  it.each([
    [
      '200 {"success": true}',
      () => json(example('marketplace_notification_settings_redirect_callback', 200)),
    ],
    ['201 without a body', () => empty(201)],
  ])('resolves to { redirectUrl: null } on %s', async (_label, reply) => {
    route('post', url, reply);
    await expect(altegio.marketplace.activateWithRedirect({ locationId: 456 })).resolves.toStrictEqual({
      redirectUrl: null,
    });
  });

  it('maps 422 to ValidationError', async () => {
    route('post', url, json(example('marketplace_notification_settings_redirect_callback', 422), 422));
    expect(await failure(altegio.marketplace.activateWithRedirect({ locationId: 456 }))).toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('marketplace.getInstallation', () => {
  const url = `${APP}/marketplace/salon/456/application/${APPLICATION_ID}`;

  it('GETs the status and maps the documented answer to camelCase, keeping zone-less dates as strings', async () => {
    const seen = route('get', url, json(example('get_marketplace_integration_status', 200)));
    const installation = await altegio.marketplace.getInstallation(456);
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: false });
    expect(installation).toStrictEqual({
      status: 'active',
      createdAt: '2022-06-27 12:20:02',
      payments: [
        {
          id: 1523,
          paymentSum: 1523.12,
          paymentDate: '2022-06-27 12:22:02',
          isRefunded: false,
          periodFrom: '2022-06-27 00:00:00',
          periodTo: '2022-07-27 00:00:00',
        },
      ],
      logs: [
        {
          changedAt: '2022-06-27 12:20:02',
          statusFrom: 'uninstalled',
          statusTo: 'pending',
          source: 'marketplace',
        },
        {
          changedAt: '2022-06-27 12:22:02',
          statusFrom: 'pending',
          statusTo: 'active',
          source: 'partner_api',
        },
      ],
    });
  });

  it('tolerates meta: [], missing payments and logs, string ids and 0/1 flags, and unknown statuses', async () => {
    route(
      'get',
      url,
      json({
        success: true,
        data: {
          connection_status: { status: 'migrating' },
          payments: [{ id: '77', payment_sum: '10.50', payment_date: '2026-01-01 00:00:00', is_refunded: 1 }],
          extra: { new: true },
        },
        meta: [],
      }),
    );
    const installation = await altegio.marketplace.getInstallation(456);
    expect(installation?.status).toBe('migrating');
    expect(installation?.createdAt).toBeUndefined();
    expect(installation?.logs).toStrictEqual([]);
    expect(installation?.payments[0]).toMatchObject({ id: 77, paymentSum: 10.5, isRefunded: true });
  });

  it.each([
    ['meta: {}', { success: false, data: null, meta: {} }],
    ['meta: []', { success: false, data: null, meta: [] }],
    ['a message', { success: false, data: null, meta: { message: "Application isn't installed" } }],
  ])('returns null for the documented 404 with %s', async (_label, answer) => {
    route('get', url, json(answer, 404));
    await expect(altegio.marketplace.getInstallation(456)).resolves.toBeNull();
  });

  it('throws NotFoundError for a 404 that is not JSON (a wrong base URL is not "not installed")', async () => {
    route(
      'get',
      url,
      new HttpResponse('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
    );
    expect(await failure(altegio.marketplace.getInstallation(456))).toBeInstanceOf(NotFoundError);
  });

  it('throws ResponseValidationError when connection_status is missing', async () => {
    route('get', url, json({ success: true, data: { payments: [] } }));
    expect(await failure(altegio.marketplace.getInstallation(456))).toBeInstanceOf(ResponseValidationError);
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
  ])('maps %i to its typed error', async (status, type) => {
    route('get', url, json(example('get_marketplace_integration_status', status), status));
    expect(await failure(altegio.marketplace.getInstallation(456))).toBeInstanceOf(type);
  });

  it('retries a GET after a 500', async () => {
    const seen = route('get', url, json({}, 500), json(example('get_marketplace_integration_status', 200)));
    await expect(altegio.marketplace.getInstallation(456)).resolves.toMatchObject({ status: 'active' });
    expect(seen).toHaveLength(2);
  });

  it.each([0, -1, 1.5, Number.NaN, '456'])('rejects location id %s before sending', async (id) => {
    const seen = route('get', url, json(example('get_marketplace_integration_status', 200)));
    expect(await failure(altegio.marketplace.getInstallation(id as number))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(seen).toHaveLength(0);
  });
});

describe('marketplace.listLocations and locations()', () => {
  const url = `${APP}/marketplace/application/${APPLICATION_ID}/salons`;
  const page = (ids: number[]) =>
    json({ success: true, data: ids.map((id) => ({ id, title: `L${id}` })), meta: [] });

  it('GETs page=1&count=100 by default and maps the documented location', async () => {
    const seen = route('get', url, json(example('list_marketplace_app_locations', 200)));
    const result = await altegio.marketplace.listLocations();
    expect(seen[0]?.url.pathname).toBe(`/marketplace/application/${APPLICATION_ID}/salons`);
    expect(seen[0]?.url.search).toBe('?page=1&count=100');
    expect(queryProblems('list_marketplace_app_locations', seen[0]!.url.searchParams)).toStrictEqual([]);
    expectHeaders(seen[0], { body: false });
    expect(result).toMatchObject({ page: 1, count: 100, hasMore: false });
    expect(result.locations).toHaveLength(1);
    expect(result.locations[0]).toMatchObject({
      id: 1050,
      title: 'La Visage',
      publicTitle: 'La Visage Beauty',
      active: true,
      phone: '+13155550175',
      countryId: 7,
      cityId: 181,
      timezone: -5,
      timezoneName: 'America/New_York',
      currencyShortTitle: '$',
      // Fields the SDK does not type are kept, camelCased.
      shortDescr: 'Beauty saloon',
      groupPriority: 900,
    });
  });

  it('coerces the numeric strings of the older reference', async () => {
    route(
      'get',
      url,
      json({ success: true, data: [{ id: '1050', active: '0', country_id: '7' }], meta: [] }),
    );
    const { locations } = await altegio.marketplace.listLocations({ page: 2, count: 10 });
    expect(locations[0]).toMatchObject({ id: 1050, active: false, countryId: 7 });
  });

  it.each([{ count: 0 }, { count: 1001 }, { page: -1 }, { count: 2.5 }])(
    'rejects %o before sending',
    async (params) => {
      const seen = route('get', url, page([]));
      expect(await failure(altegio.marketplace.listLocations(params))).toBeInstanceOf(InvalidInputError);
      expect(seen).toHaveLength(0);
    },
  );

  it('locations() walks pages until a short one and yields each id once', async () => {
    const seen = route('get', url, page([1, 2]), page([2, 3]), page([4]));
    const ids: number[] = [];
    for await (const location of altegio.marketplace.locations({ pageSize: 2 })) ids.push(location.id);
    expect(ids).toStrictEqual([1, 2, 3, 4]);
    expect(seen.map((s) => s.url.search)).toStrictEqual([
      '?page=1&count=2',
      '?page=2&count=2',
      '?page=3&count=2',
    ]);
  });

  it('locations() stops when the server ignores `page` and repeats a full page', async () => {
    const seen = route('get', url, page([1, 2]));
    const ids: number[] = [];
    for await (const location of altegio.marketplace.locations({ pageSize: 2 })) ids.push(location.id);
    expect(ids).toStrictEqual([1, 2]);
    expect(seen).toHaveLength(2);
  });

  it('locations() can start at page 0', async () => {
    const seen = route('get', url, page([5]));
    for await (const _ of altegio.marketplace.locations({ firstPage: 0, pageSize: 3 })) {
      // drain
    }
    expect(seen[0]?.url.search).toBe('?page=0&count=3');
  });
});

describe('marketplace.reportPayment', () => {
  const url = `${APP}/marketplace/partner/payment`;
  const payment = {
    locationId: 456,
    currencyIso: 'USD',
    paymentSum: 990.99,
    paymentDate: '2022-01-01 10:10:00',
    periodFrom: '2022-01-01 10:10:00',
    periodTo: '2022-02-01 10:10:00',
  };

  it('POSTs the wire body and resolves to { paymentId }', async () => {
    const seen = route('post', url, json(example('marketplace_notification_payment_callback', 200)));
    await expect(altegio.marketplace.reportPayment(payment)).resolves.toStrictEqual({ paymentId: 123 });
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: true });
    const body = bodyOf(seen[0]);
    expect(body).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      currency_iso: 'USD',
      payment_sum: 990.99,
      payment_date: '2022-01-01 10:10:00',
      period_from: '2022-01-01 10:10:00',
      period_to: '2022-02-01 10:10:00',
    });
    expect(bodyProblems('marketplace_notification_payment_callback', body)).toStrictEqual([]);
  });

  it("writes Date inputs as YYYY-MM-DD HH:MM:SS in the client's timeZone (UTC by default)", async () => {
    const seen = route('post', url, json({ success: true, data: { id: '9' } }));
    const dates = {
      paymentDate: new Date('2026-09-01T14:05:09Z'),
      periodFrom: new Date('2026-09-01T04:00:00Z'),
      periodTo: new Date('2026-10-01T03:59:59Z'),
    };
    await expect(altegio.marketplace.reportPayment({ ...payment, ...dates })).resolves.toStrictEqual({
      paymentId: 9,
    });
    await testClient({ timeZone: 'America/New_York' }).marketplace.reportPayment({ ...payment, ...dates });
    expect(bodyOf(seen[0])).toMatchObject({
      payment_date: '2026-09-01 14:05:09',
      period_from: '2026-09-01 04:00:00',
      period_to: '2026-10-01 03:59:59',
    });
    expect(bodyOf(seen[1])).toMatchObject({
      payment_date: '2026-09-01 10:05:09',
      period_from: '2026-09-01 00:00:00',
      period_to: '2026-09-30 23:59:59',
    });
  });

  it("takes a per-call timeZone (the location's zone) that is used for Dates and not sent", async () => {
    const seen = route('post', url, json(example('marketplace_notification_payment_callback', 200)));
    await altegio.marketplace.reportPayment({
      ...payment,
      paymentDate: new Date('2026-01-15T12:00:00Z'),
      timeZone: 'Asia/Kolkata',
    });
    const body = bodyOf(seen[0]);
    expect(body.payment_date).toBe('2026-01-15 17:30:00');
    expect(body).not.toHaveProperty('time_zone');
    expect(body).not.toHaveProperty('timeZone');
    expect(bodyProblems('marketplace_notification_payment_callback', body)).toStrictEqual([]);
  });

  it.each([
    ['a lower-case currency', { currencyIso: 'usd' }],
    ['a currency sign', { currencyIso: 'US$' }],
    ['a four-letter currency', { currencyIso: 'EURO' }],
    ['a negative sum', { paymentSum: -1 }],
    ['a NaN sum', { paymentSum: Number.NaN }],
    ['an infinite sum', { paymentSum: Number.POSITIVE_INFINITY }],
    ['a string sum', { paymentSum: '10' }],
    ['an impossible date', { paymentDate: '2026-02-30 10:00:00' }],
    ['an ISO date', { paymentDate: '2026-09-01T10:00:00Z' }],
    ['a date without seconds', { periodFrom: '2026-09-01 10:00' }],
    ['an invalid Date', { periodTo: new Date('nope') }],
    ['a period that ends before it starts', { periodFrom: '2022-03-01 00:00:00' }],
    ['a missing period', { periodTo: undefined }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
  ])('rejects %s with InvalidInputError before sending', async (_label, change) => {
    const seen = route('post', url, json(example('marketplace_notification_payment_callback', 200)));
    const error = await failure(altegio.marketplace.reportPayment({ ...payment, ...change } as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });

  it('maps 422 to ValidationError', async () => {
    route('post', url, json(example('marketplace_notification_payment_callback', 422), 422));
    expect(await failure(altegio.marketplace.reportPayment(payment))).toBeInstanceOf(ValidationError);
  });

  it.each([
    ['a 502', () => json({ success: false }, 502)],
    ['a dropped connection', () => HttpResponse.error()],
  ])('throws OutcomeUnknownError on %s and sends the payment once', async (_label, reply) => {
    const seen = route('post', url, reply, json(example('marketplace_notification_payment_callback', 200)));
    const error = await failure(altegio.marketplace.reportPayment(payment));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(/reconcilePayment/);
    expect(seen).toHaveLength(1);
  });

  it('throws OutcomeUnknownError on a timeout after sending, once', async () => {
    const seen = route('post', url, async () => {
      await delay(1000);
      return json(example('marketplace_notification_payment_callback', 200));
    });
    const error = await failure(testClient({ timeout: 100 }).marketplace.reportPayment(payment));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).reason).toBe('timeout');
    expect(seen).toHaveLength(1);
  });

  it('retries a 429: Altegio did not process it', async () => {
    const seen = route(
      'post',
      url,
      json({}, 429),
      json(example('marketplace_notification_payment_callback', 200)),
    );
    await expect(altegio.marketplace.reportPayment(payment)).resolves.toStrictEqual({ paymentId: 123 });
    expect(seen).toHaveLength(2);
  });
});

describe('marketplace.reconcilePayment (what to do on OutcomeUnknownError)', () => {
  const paymentUrl = `${APP}/marketplace/partner/payment`;
  const statusUrl = `${APP}/marketplace/salon/456/application/${APPLICATION_ID}`;
  const payment = {
    locationId: 456,
    currencyIso: 'EUR',
    paymentSum: 29.9,
    paymentDate: new Date('2026-09-01T10:00:00Z'),
    periodFrom: '2026-09-01 00:00:00',
    periodTo: '2026-09-30 23:59:59',
  };
  const installation = (payments: object[]) =>
    json({ success: true, data: { connection_status: { status: 'active' }, payments, logs: [] } });
  const recorded = (id: number, changes: object = {}) => ({
    id,
    payment_sum: 29.9,
    payment_date: '2026-09-01 10:00:00',
    is_refunded: false,
    period_from: '2026-09-01 00:00:00',
    period_to: '2026-09-30 23:59:59',
    ...changes,
  });

  it('finds a payment that landed although its answer was lost, so it is not sent again', async () => {
    const sent = route('post', paymentUrl, json({ success: false }, 504));
    const reads = route('get', statusUrl, installation([recorded(500, { payment_sum: 10 }), recorded(501)]));
    const error = await failure(altegio.marketplace.reportPayment(payment));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    const found = await altegio.marketplace.reconcilePayment(payment);
    expect(found).toMatchObject({
      id: 501,
      paymentSum: 29.9,
      paymentDate: '2026-09-01 10:00:00',
      isRefunded: false,
    });
    expect(sent).toHaveLength(1);
    expect(reads).toHaveLength(1);
    expectHeaders(reads[0], { body: false });
  });

  it('returns null when no payment matches the sum or a date that was given', async () => {
    route(
      'get',
      statusUrl,
      installation([recorded(1, { payment_sum: 29.89 }), recorded(2, { period_to: '2026-10-31 23:59:59' })]),
    );
    await expect(altegio.marketplace.reconcilePayment(payment)).resolves.toBeNull();
  });

  const lastMonth = {
    payment_date: '2026-08-01 10:00:00',
    period_from: '2026-08-01 00:00:00',
    period_to: '2026-08-31 23:59:59',
  };

  it('matches the paid period, the payment date only when given, and picks the newest match', async () => {
    route('get', statusUrl, installation([recorded(12, lastMonth), recorded(9), recorded(3)]));
    const { paymentDate: _, ...withoutDate } = payment;
    await expect(altegio.marketplace.reconcilePayment(withoutDate)).resolves.toMatchObject({ id: 9 });
  });

  it("never takes last month's payment of the same amount for this one", async () => {
    // Only last month's payment is recorded: this month's report did not land.
    route('get', statusUrl, installation([recorded(12, lastMonth)]));
    await expect(altegio.marketplace.reconcilePayment(payment)).resolves.toBeNull();
  });

  it.each([
    ['no period', { locationId: 456, paymentSum: 29.9 }],
    ['no periodTo', { locationId: 456, paymentSum: 29.9, periodFrom: '2026-09-01 00:00:00' }],
    ['no periodFrom', { locationId: 456, paymentSum: 29.9, periodTo: '2026-09-30 23:59:59' }],
  ])('refuses a lookup with %s (InvalidInputError, nothing sent)', async (_label, params) => {
    const reads = route('get', statusUrl, installation([recorded(12, lastMonth)]));
    const error = await failure(
      altegio.marketplace.reconcilePayment(
        params as Parameters<typeof altegio.marketplace.reconcilePayment>[0],
      ),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/period/);
    expect(reads).toHaveLength(0);
  });

  it('formats Dates in the client time zone before comparing', async () => {
    route(
      'get',
      statusUrl,
      installation([
        recorded(4, {
          payment_date: '2026-09-01 06:00:00',
          period_from: '2026-08-31 20:00:00',
          period_to: '2026-09-30 19:59:59',
        }),
      ]),
    );
    const client = testClient({ timeZone: 'America/New_York' });
    await expect(
      client.marketplace.reconcilePayment({
        locationId: 456,
        paymentSum: 29.9,
        paymentDate: payment.paymentDate,
        periodFrom: new Date('2026-09-01T00:00:00Z'),
        periodTo: new Date('2026-09-30T23:59:59Z'),
      }),
    ).resolves.toMatchObject({ id: 4 });
  });

  it('returns null when the app is not installed', async () => {
    route('get', statusUrl, json({ success: false, data: null, meta: {} }, 404));
    await expect(altegio.marketplace.reconcilePayment(payment)).resolves.toBeNull();
  });
});

describe('marketplace.refundPayment', () => {
  const url = `${APP}/marketplace/partner/payment/refund/1523`;

  it('POSTs without a body to the refund path and resolves on 200 without a body', async () => {
    const seen = route('post', url, empty(200));
    await expect(altegio.marketplace.refundPayment(1523)).resolves.toBeUndefined();
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: false });
  });

  it.each([
    [422, ValidationError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
  ])('maps %i to its typed error', async (status, type) => {
    route('post', url, json(example('marketplace_payment_refund_callback', status), status));
    expect(await failure(altegio.marketplace.refundPayment(1523))).toBeInstanceOf(type);
  });

  it('throws OutcomeUnknownError on a 500 and does not repeat the refund', async () => {
    const seen = route('post', url, json({}, 500), empty(200));
    expect(await failure(altegio.marketplace.refundPayment(1523))).toBeInstanceOf(OutcomeUnknownError);
    expect(seen).toHaveLength(1);
  });

  it.each([0, -3, 1.2, '1523'])('rejects payment id %s before sending', async (id) => {
    const seen = route('post', url, empty(200));
    expect(await failure(altegio.marketplace.refundPayment(id as number))).toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });
});

describe('marketplace.uninstall', () => {
  const url = `${APP}/marketplace/salon/456/application/${APPLICATION_ID}/uninstall`;

  it('POSTs without a body and resolves on the documented 200', async () => {
    const seen = route('post', url, json(example('uninstall_marketplace_app', 200)));
    await expect(altegio.marketplace.uninstall(456)).resolves.toBeUndefined();
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: false });
  });

  it('maps 404 to NotFoundError that says the app is not installed', async () => {
    route('post', url, json(example('uninstall_marketplace_app', 404), 404));
    const error = await failure(altegio.marketplace.uninstall(456));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/not installed/);
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
  ])('maps %i to its typed error', async (status, type) => {
    route('post', url, json(example('uninstall_marketplace_app', status), status));
    expect(await failure(altegio.marketplace.uninstall(456))).toBeInstanceOf(type);
  });
});

describe('marketplace.listTariffs', () => {
  const url = `${APP}/marketplace/application/${APPLICATION_ID}/tariffs`;

  it('GETs the tariffs from the application host (the partner host by default) and maps them', async () => {
    const seen = route('get', url, json(example('marketplace_partner_applications_tariffs_list', 200)));
    await expect(altegio.marketplace.listTariffs()).resolves.toStrictEqual([
      {
        id: 89,
        title: '1 month',
        options: [
          {
            id: 123,
            title: 'Solo professional',
            overallPrice: 500,
            durationInMonths: 1,
            currencyIso: 'USD',
            staffAmount: 1,
            freePeriodInMonths: 0,
          },
        ],
      },
    ]);
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: false });
  });

  it('maps 404 to NotFoundError that points at applicationId', async () => {
    route('get', url, json(example('marketplace_partner_applications_tariffs_list', 404), 404));
    const error = await failure(altegio.marketplace.listTariffs());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/applicationId/);
  });
});

describe('marketplace.addDiscount', () => {
  const url = `${APP}/marketplace/application/add_discount`;

  it('POSTs salon_ids, application_id and discount to the application host', async () => {
    const seen = route('post', url, json(example('marketplace_partner_application_add_discount', 200)));
    await expect(
      altegio.marketplace.addDiscount({ locationIds: [456, 789], discount: 15.54 }),
    ).resolves.toBeUndefined();
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: true });
    const body = bodyOf(seen[0]);
    expect(body).toStrictEqual({ salon_ids: [456, 789], application_id: APPLICATION_ID, discount: 15.54 });
    expect(bodyProblems('marketplace_partner_application_add_discount', body)).toStrictEqual([]);
  });

  it('warns through the logger, but still sends, a discount outside 0–100', async () => {
    const seen = route('post', url, json(example('marketplace_partner_application_add_discount', 200)));
    const warnings: unknown[] = [];
    const client = testClient({ logger: { warn: (message) => warnings.push(message) } });
    await client.marketplace.addDiscount({ locationIds: [456], discount: 150 });
    await client.marketplace.addDiscount({ locationIds: [456], discount: 100 });
    expect(seen).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0])).toMatch(/percentage/);
  });

  it.each([
    ['no location', { locationIds: [], discount: 5 }],
    ['1001 locations', { locationIds: Array.from({ length: 1001 }, (_, i) => i + 1), discount: 5 }],
    ['a bad id', { locationIds: [1, -2], discount: 5 }],
    ['a NaN discount', { locationIds: [1], discount: Number.NaN }],
  ])('rejects %s before sending', async (_label, params) => {
    const seen = route('post', url, json(example('marketplace_partner_application_add_discount', 200)));
    expect(await failure(altegio.marketplace.addDiscount(params))).toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });

  it.each([
    [403, PermissionDeniedError, /No access to application/],
    [404, NotFoundError, /Application not found/],
  ])("maps %i to its typed error with Altegio's message", async (status, type, message) => {
    route('post', url, json(example('marketplace_partner_application_add_discount', status), status));
    const error = await failure(altegio.marketplace.addDiscount({ locationIds: [456], discount: 5 }));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(message);
  });
});

describe('marketplace.createPaymentLink', () => {
  const url = `${APP}/marketplace/application/payment_link`;

  it('GETs salon_id, application_id and discount as query parameters and returns { url }', async () => {
    const seen = route('get', url, json(example('marketplace_partner_application_payment_link', 200)));
    const link = await altegio.marketplace.createPaymentLink({ locationId: 1111, discount: 15.5 });
    expect(link).toStrictEqual({
      url: 'https://alteg.io/appstore/payment/?salon_id=1111&application_id=1&discount=15.5&source=api&sign=6f9b5bc6fa787780161ed090af9429d5af963562b7a6ac8051888147370674be',
    });
    expect(`${seen[0]?.url.origin}${seen[0]?.url.pathname}`).toBe(url);
    expect(seen[0]?.url.search).toBe(`?salon_id=1111&application_id=${APPLICATION_ID}&discount=15.5`);
    expect(
      queryProblems('marketplace_partner_application_payment_link', seen[0]!.url.searchParams),
    ).toStrictEqual([]);
    expectHeaders(seen[0], { body: false });
  });

  it('leaves discount out when not given', async () => {
    const seen = route('get', url, json(example('marketplace_partner_application_payment_link', 200)));
    await altegio.marketplace.createPaymentLink({ locationId: 1111 });
    expect(seen[0]?.url.search).toBe(`?salon_id=1111&application_id=${APPLICATION_ID}`);
  });

  it('maps 404 to NotFoundError', async () => {
    route('get', url, json(example('marketplace_partner_application_payment_link', 404), 404));
    expect(await failure(altegio.marketplace.createPaymentLink({ locationId: 1 }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('marketplace.setChannelAvailability', () => {
  const url = `${APP}/marketplace/application/update_channel`;

  it('POSTs salon_id, application_id, channel_slug and is_available', async () => {
    const seen = route('post', url, json(example('marketplace_partner_applications_update_channel', 200)));
    await altegio.marketplace.setChannelAvailability({
      locationId: 456,
      channelSlug: 'whatsapp',
      isAvailable: false,
    });
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: true });
    const body = bodyOf(seen[0]);
    expect(body).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      channel_slug: 'whatsapp',
      is_available: false,
    });
    expect(bodyProblems('marketplace_partner_applications_update_channel', body)).toStrictEqual([]);
  });

  it('rejects an undocumented channel before sending', async () => {
    const seen = route('post', url, json(example('marketplace_partner_applications_update_channel', 200)));
    const error = await failure(
      altegio.marketplace.setChannelAvailability({
        locationId: 456,
        channelSlug: 'telegram' as 'sms',
        isAvailable: true,
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });

  it('maps 422 with errors as an object to ValidationError carrying them', async () => {
    route(
      'post',
      url,
      json(
        { success: false, data: null, meta: { message: 'Invalid', errors: { channel_slug: ['bad'] } } },
        422,
      ),
    );
    const error = await failure(
      altegio.marketplace.setChannelAvailability({ locationId: 456, channelSlug: 'sms', isAvailable: true }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toStrictEqual({ channel_slug: ['bad'] });
  });
});

describe('marketplace.setShortNames', () => {
  const url = `${APP}/marketplace/partner/short_names`;

  it('POSTs salon_id, application_id and short_names and resolves on 201 without a body', async () => {
    const seen = route('post', url, empty(201));
    await expect(
      altegio.marketplace.setShortNames({ locationId: 456, shortNames: ['MySalon', 'MS'] }),
    ).resolves.toBeUndefined();
    expect(seen[0]?.url.href).toBe(url);
    expectHeaders(seen[0], { body: true });
    const body = bodyOf(seen[0]);
    expect(body).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      short_names: ['MySalon', 'MS'],
    });
    expect(bodyProblems('set_marketplace_notification_short_names', body)).toStrictEqual([]);
  });

  it.each([
    ['no name', []],
    ['an empty name', ['ok', ' ']],
    ['21 names', Array.from({ length: 21 }, (_, i) => `N${i}`)],
  ])('rejects %s before sending', async (_label, shortNames) => {
    const seen = route('post', url, empty(201));
    expect(await failure(altegio.marketplace.setShortNames({ locationId: 456, shortNames }))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(seen).toHaveLength(0);
  });

  it('maps 422 to ValidationError', async () => {
    route('post', url, json(example('set_marketplace_notification_short_names', 422), 422));
    expect(
      await failure(altegio.marketplace.setShortNames({ locationId: 456, shortNames: ['x'] })),
    ).toBeInstanceOf(ValidationError);
  });
});

describe('marketplace.activateWithRedirect over real HTTP (undici, not msw)', () => {
  it('returns the Location of a real 301 and never requests it', async () => {
    const { createServer } = await import('node:http');
    const hits: string[] = [];
    const http301 = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      if (req.url === '/marketplace/partner/callback/redirect') {
        res.writeHead(301, { Location: '/welcome?salon_id=456' }).end();
      } else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => http301.listen(0, '127.0.0.1', resolve));
    const { port } = http301.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    // Let this one request reach the loopback server instead of msw.
    server.use(http.post(`${base}/*`, () => passthrough()));
    try {
      const client = testClient({
        platform: { appBaseUrl: base, apiBaseUrl: base, accept: 'application/vnd.api.v2+json' },
      });
      await expect(client.marketplace.activateWithRedirect({ locationId: 456 })).resolves.toStrictEqual({
        redirectUrl: '/welcome?salon_id=456',
      });
      expect(hits).toStrictEqual(['POST /marketplace/partner/callback/redirect']);
    } finally {
      await new Promise((resolve) => http301.close(resolve));
    }
  });
});

describe('every documented error status of every method maps to its typed error', () => {
  const calls: Record<
    string,
    [method: 'get' | 'post', url: string, call: (client: AltegioClient) => Promise<unknown>]
  > = {
    marketplace_notification_settings_callback: [
      'post',
      `${APP}/marketplace/partner/callback`,
      (c) => c.marketplace.activate({ locationId: 1 }),
    ],
    marketplace_notification_settings_redirect_callback: [
      'post',
      `${APP}/marketplace/partner/callback/redirect`,
      (c) => c.marketplace.activateWithRedirect({ locationId: 1 }),
    ],
    get_marketplace_integration_status: [
      'get',
      `${APP}/marketplace/salon/1/application/${APPLICATION_ID}`,
      (c) => c.marketplace.getInstallation(1),
    ],
    list_marketplace_app_locations: [
      'get',
      `${APP}/marketplace/application/${APPLICATION_ID}/salons`,
      (c) => c.marketplace.listLocations(),
    ],
    marketplace_notification_payment_callback: [
      'post',
      `${APP}/marketplace/partner/payment`,
      (c) =>
        c.marketplace.reportPayment({
          locationId: 1,
          currencyIso: 'USD',
          paymentSum: 1,
          paymentDate: '2026-01-01 00:00:00',
          periodFrom: '2026-01-01 00:00:00',
          periodTo: '2026-01-31 00:00:00',
        }),
    ],
    marketplace_payment_refund_callback: [
      'post',
      `${APP}/marketplace/partner/payment/refund/5`,
      (c) => c.marketplace.refundPayment(5),
    ],
    uninstall_marketplace_app: [
      'post',
      `${APP}/marketplace/salon/1/application/${APPLICATION_ID}/uninstall`,
      (c) => c.marketplace.uninstall(1),
    ],
    marketplace_partner_applications_tariffs_list: [
      'get',
      `${APP}/marketplace/application/${APPLICATION_ID}/tariffs`,
      (c) => c.marketplace.listTariffs(),
    ],
    marketplace_partner_application_add_discount: [
      'post',
      `${APP}/marketplace/application/add_discount`,
      (c) => c.marketplace.addDiscount({ locationIds: [1], discount: 5 }),
    ],
    marketplace_partner_application_payment_link: [
      'get',
      `${APP}/marketplace/application/payment_link`,
      (c) => c.marketplace.createPaymentLink({ locationId: 1 }),
    ],
    marketplace_partner_applications_update_channel: [
      'post',
      `${APP}/marketplace/application/update_channel`,
      (c) => c.marketplace.setChannelAvailability({ locationId: 1, channelSlug: 'sms', isAvailable: true }),
    ],
    set_marketplace_notification_short_names: [
      'post',
      `${APP}/marketplace/partner/short_names`,
      (c) => c.marketplace.setShortNames({ locationId: 1, shortNames: ['A'] }),
    ],
  };
  const classes: Record<number, new (...args: never[]) => Error> = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationError,
  };
  const cases = Object.entries(calls).flatMap(([id, call]) =>
    Object.keys(operation(id).responses)
      .map(Number)
      .filter((status) => status >= 400)
      .map((status) => [id, status, call] as const),
  );

  it('covers all twelve operations of the spec', () => {
    expect(Object.keys(calls).sort()).toStrictEqual(Object.keys(openapiOperations()).sort());
  });

  it.each(cases)('%s %i', async (id, status, [method, url, call]) => {
    if (id === 'marketplace_notification_settings_callback') installationIs('pending');
    const seen = route(method, url, json(example(id, status), status));
    const result = call(altegio);
    if (id === 'get_marketplace_integration_status' && status === 404) {
      await expect(result).resolves.toBeNull();
    } else {
      const error = await failure(result);
      expect(error).toBeInstanceOf(classes[status]);
      expect((error as { status?: number }).status).toBe(status);
    }
    expect(seen).toHaveLength(1);
  });
});
