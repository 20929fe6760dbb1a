// The corrections to the wire facts (Altegio's own integrations hub, the OpenAPI bundle), at the wire
// with msw: activation outcomes and the 403 race, the activation fields and their secrecy, the host of
// the application group, and the operations the SDK lacked.
import { inspect } from 'node:util';
import {
  ConfigurationError,
  InstallationStateError,
  InvalidInputError,
  isAltegioError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from 'altegio-marketplace';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  API,
  API_KEY,
  APP,
  APPLICATION_ID,
  expectNoSecrets,
  PARTNER_TOKEN,
  recordRequests,
  testClient,
  USER_TOKEN,
  useMswServer,
} from '../helpers';

const server = useMswServer();
const LOGIN = 'vendor-login-a81c3f';
const SECRET_KEY = 'vendor-secret-key-7d2e9b41';

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
const empty = (status: number) => new HttpResponse(null, { status });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
const statusUrl = (id: number) => `${APP}/marketplace/salon/${id}/application/${APPLICATION_ID}`;
const installation = (status: string) => json({ success: true, data: { connection_status: { status } } });
const callback = `${APP}/marketplace/partner/callback`;
const alreadyInstalled = () =>
  json(
    { success: false, data: null, meta: { message: 'The user has already installed this application.' } },
    403,
  );

describe('activate is safe to repeat (C5)', () => {
  it('reads the installation, posts only when pending, and resolves to activated', async () => {
    const reads = recordRequests(server, 'get', statusUrl(456), installation('pending'));
    const posts = recordRequests(server, 'post', callback, empty(201));
    await expect(testClient().marketplace.activate({ locationId: 456 })).resolves.toStrictEqual({
      outcome: 'activated',
    });
    expect(reads).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });

  it('resolves to already-active without posting for an active installation', async () => {
    recordRequests(server, 'get', statusUrl(456), installation('active'));
    const posts = recordRequests(server, 'post', callback, empty(201));
    await expect(testClient().marketplace.activate({ locationId: 456 })).resolves.toStrictEqual({
      outcome: 'already-active',
    });
    expect(posts).toHaveLength(0);
  });

  it('turns the 403 "already installed" of a race into already-active', async () => {
    recordRequests(server, 'get', statusUrl(456), installation('pending'));
    const posts = recordRequests(server, 'post', callback, alreadyInstalled());
    await expect(testClient().marketplace.activate({ locationId: 456 })).resolves.toStrictEqual({
      outcome: 'already-active',
    });
    expect(posts).toHaveLength(1);
  });

  it('keeps any other 403 a PermissionDeniedError', async () => {
    recordRequests(server, 'get', statusUrl(456), installation('pending'));
    recordRequests(
      server,
      'post',
      callback,
      json({ success: false, meta: { message: 'No application access' } }, 403),
    );
    const error = await failure(testClient().marketplace.activate({ locationId: 456 }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.message).toMatch(/No application access/);
  });

  it.each([
    ['frozen', installation('freezed'), /"freezed", not pending/, 'freezed'],
    [
      'not installed',
      json({ success: false, data: null, meta: { message: 'Not installed' } }, 404),
      /no installation/,
      null,
    ],
  ])(
    'refuses a %s installation with an InstallationStateError and sends nothing',
    async (_label, answer, message, status) => {
      recordRequests(server, 'get', statusUrl(456), answer);
      const posts = recordRequests(server, 'post', callback, empty(201));
      const error = await failure(testClient().marketplace.activate({ locationId: 456 }));
      expect(error).toBeInstanceOf(InstallationStateError);
      expect(isAltegioError(error, 'InstallationStateError')).toBe(true);
      expect(error).toMatchObject({ locationId: 456, status });
      expect(error.message).toMatch(message);
      expect(posts).toHaveLength(0);
    },
  );

  it('a 422 (the pending window passed) says to activate at once, within 12 hours', async () => {
    recordRequests(server, 'get', statusUrl(456), installation('pending'));
    recordRequests(server, 'post', callback, json({ success: false, meta: { message: 'Expired' } }, 422));
    const error = await failure(testClient().marketplace.activate({ locationId: 456 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/activate at once; Altegio accepts it for up to 12 hours/);
  });
});

describe('activation fields (C7)', () => {
  it('sends chat_url, tips_url, channels, login and secret_key', async () => {
    recordRequests(server, 'get', statusUrl(456), installation('pending'));
    const posts = recordRequests(server, 'post', callback, empty(201));
    await testClient().marketplace.activate({
      locationId: 456,
      webhookUrls: ['https://vendor.example/h/456'],
      chatUrl: 'https://vendor.example/frame/chat',
      tipsUrl: 'https://vendor.example/tips',
      channels: ['sms', 'whatsapp'],
      apiKey: API_KEY,
      login: LOGIN,
      secretKey: SECRET_KEY,
    });
    expect(posts[0]?.body).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      webhook_urls: ['https://vendor.example/h/456'],
      api_key: API_KEY,
      chat_url: 'https://vendor.example/frame/chat',
      tips_url: 'https://vendor.example/tips',
      channels: ['sms', 'whatsapp'],
      login: LOGIN,
      secret_key: SECRET_KEY,
    });
  });

  it.each([
    ['an http chat URL', { chatUrl: 'http://vendor.example/frame' }],
    ['a relative tips URL', { tipsUrl: '/tips' }],
    ['an unknown channel', { channels: ['telegram'] }],
    ['an empty login', { login: '' }],
    ['an empty secret key', { secretKey: '' }],
  ])('refuses %s before sending anything', async (_label, extra) => {
    const reads = recordRequests(server, 'get', statusUrl(456), installation('pending'));
    const error = await failure(testClient().marketplace.activate({ locationId: 456, ...extra } as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(reads).toHaveLength(0);
  });

  it('never puts login or secretKey in an error or a log line, even when Altegio echoes them', async () => {
    recordRequests(server, 'get', statusUrl(456), installation('pending'));
    recordRequests(
      server,
      'post',
      callback,
      json(
        {
          success: false,
          meta: { message: `Bad login ${LOGIN} / ${SECRET_KEY}`, errors: { login: [LOGIN] } },
        },
        422,
      ),
    );
    const logs: unknown[] = [];
    const client = testClient({
      logger: {
        debug: (m, d) => logs.push([m, d]),
        info: (m, d) => logs.push([m, d]),
        warn: (m, d) => logs.push([m, d]),
        error: (m, d) => logs.push([m, d]),
      },
    });
    const error = await failure(
      client.marketplace.activate({ locationId: 456, login: LOGIN, secretKey: SECRET_KEY, apiKey: API_KEY }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    for (const text of [
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      error.message,
      JSON.stringify(logs),
    ]) {
      expect(text).not.toContain(LOGIN);
      expect(text).not.toContain(SECRET_KEY);
      expectNoSecrets(text);
    }
  });
});

describe('the application group has its own base URL (C8)', () => {
  const tariffs = (base: string) => `${base}/marketplace/application/${APPLICATION_ID}/tariffs`;
  const ok = json({ success: true, data: [], meta: [] });

  it('defaults to the partner host, as Altegio’s own client sends it', async () => {
    const client = testClient();
    expect(client.platform.applicationBaseUrl).toBe('https://app.alteg.io');
    const seen = recordRequests(server, 'get', tariffs(APP), ok);
    await client.marketplace.listTariffs();
    expect(seen).toHaveLength(1);
  });

  it('moves all four endpoints with platform.applicationBaseUrl, and nothing else', async () => {
    const client = testClient({
      platform: {
        appBaseUrl: APP,
        apiBaseUrl: API,
        applicationBaseUrl: API,
        accept: 'application/vnd.api.v2+json',
      },
    });
    const seen = [
      recordRequests(server, 'get', tariffs(API), ok),
      recordRequests(server, 'post', `${API}/marketplace/application/add_discount`, ok),
      recordRequests(
        server,
        'get',
        `${API}/marketplace/application/payment_link`,
        json({ success: true, data: { url: 'https://x' } }),
      ),
      recordRequests(server, 'post', `${API}/marketplace/application/update_channel`, ok),
    ];
    const status = recordRequests(server, 'get', statusUrl(1), installation('active'));
    await client.marketplace.listTariffs();
    await client.marketplace.addDiscount({ locationIds: [1], discount: 5 });
    await client.marketplace.createPaymentLink({ locationId: 1 });
    await client.marketplace.setChannelAvailability({ locationId: 1, channelSlug: 'sms', isAvailable: true });
    await client.marketplace.getInstallation(1);
    expect(seen.map((list) => list.length)).toStrictEqual([1, 1, 1, 1]);
    expect(status).toHaveLength(1);
  });

  it('reads ALTEGIO_APPLICATION_BASE_URL, without moving the partner calls', async () => {
    const client = testClient({ env: { ALTEGIO_APPLICATION_BASE_URL: 'https://api.alteg.io/api/v1/' } });
    expect(client.platform).toMatchObject({ appBaseUrl: APP, apiBaseUrl: API, applicationBaseUrl: API });
    const seen = recordRequests(server, 'get', tariffs(API), ok);
    await client.marketplace.listTariffs();
    expect(seen).toHaveLength(1);
  });

  it('refuses a bad ALTEGIO_APPLICATION_BASE_URL with a ConfigurationError naming it', () => {
    expect(() => testClient({ env: { ALTEGIO_APPLICATION_BASE_URL: 'not a url' } })).toThrow(
      /ALTEGIO_APPLICATION_BASE_URL/,
    );
    expect(() => testClient({ env: { ALTEGIO_APPLICATION_BASE_URL: 'not a url' } })).toThrow(
      ConfigurationError,
    );
  });

  it('a 404 on the group names the option to change', async () => {
    recordRequests(
      server,
      'get',
      tariffs(APP),
      json({ success: false, meta: { message: 'Not found' } }, 404),
    );
    const error = await failure(testClient().marketplace.listTariffs());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/platform\.applicationBaseUrl \(ALTEGIO_APPLICATION_BASE_URL\)/);
  });
});

describe('createPaymentLink({ tariffOptionId }) (C9)', () => {
  it('sends tariff_option_id', async () => {
    const seen = recordRequests(
      server,
      'get',
      `${APP}/marketplace/application/payment_link`,
      json({ success: true, data: { url: 'https://alteg.io/appstore/payment/?x=1' } }),
    );
    await testClient().marketplace.createPaymentLink({ locationId: 456, tariffOptionId: 123, discount: 10 });
    expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toStrictEqual({
      salon_id: '456',
      application_id: String(APPLICATION_ID),
      discount: '10',
      tariff_option_id: '123',
    });
  });

  it('refuses a non-integer tariffOptionId before sending', async () => {
    const error = await failure(
      testClient().marketplace.createPaymentLink({ locationId: 456, tariffOptionId: 1.5 }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
  });
});

describe('installFrame (C10)', () => {
  const url = `${APP}/marketplace/application/install_frame`;

  it('POSTs salon_id, application_id, type and url to the partner host', async () => {
    const seen = recordRequests(server, 'post', url, json({ success: true, data: null, meta: [] }));
    await testClient().marketplace.installFrame({
      locationId: 456,
      type: 'chat',
      url: 'https://vendor.example/chat',
    });
    expect(seen[0]?.body).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      type: 'chat',
      url: 'https://vendor.example/chat',
    });
  });

  it.each([
    ['an http URL', { locationId: 1, type: 'chat', url: 'http://vendor.example/chat' }],
    ['another type', { locationId: 1, type: 'employee', url: 'https://vendor.example/chat' }],
    ['a bad location', { locationId: 0, type: 'chat', url: 'https://vendor.example/chat' }],
  ])('refuses %s before sending', async (_label, input) => {
    const seen = recordRequests(server, 'post', url, json({ success: true }));
    expect(await failure(testClient().marketplace.installFrame(input as never))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(seen).toHaveLength(0);
  });
});

describe('webhook settings (C12)', () => {
  const url = `${API}/hooks_settings/456`;
  const current = (urls: string[]) =>
    json({
      success: true,
      data: {
        urls,
        active: 1,
        salon: 0,
        service_category: 0,
        service: 1,
        good: 0,
        master: 1,
        client: 1,
        record: 1,
      },
      meta: [],
    });
  const other = 'https://other-app.example/hooks';
  const mine = 'https://vendor.example/hooks/456';

  it('reads the settings with Partner+User auth and maps the flags', async () => {
    const seen = recordRequests(server, 'get', url, current([other]));
    await expect(testClient().marketplace.getWebhookSettings(456)).resolves.toMatchObject({
      urls: [other],
      active: true,
      location: false,
      service: true,
      staff: true,
      record: true,
    });
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`);
  });

  it('updateWebhookSettings sends the whole settings, 1/0 flags', async () => {
    const seen = recordRequests(server, 'post', url, json({ success: true }, 201));
    await testClient().marketplace.updateWebhookSettings(456, { urls: [mine], active: true, record: true });
    expect(seen[0]?.body).toMatchObject({
      urls: [mine],
      active: 1,
      record: 1,
      client: 0,
      salon: 0,
      self_sending: 0,
    });
  });

  it('addWebhookUrls keeps every URL it did not add, and every switch', async () => {
    recordRequests(server, 'get', url, current([other]));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    const result = await testClient().marketplace.addWebhookUrls(456, [mine]);
    expect(result.urls).toStrictEqual([other, mine]);
    expect(writes[0]?.body).toMatchObject({
      urls: [other, mine],
      active: 1,
      service: 1,
      master: 1,
      salon: 0,
    });
  });

  it('addWebhookUrls writes nothing when the URL is there already', async () => {
    recordRequests(server, 'get', url, current([other, mine]));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    await testClient().marketplace.addWebhookUrls(456, [mine]);
    expect(writes).toHaveLength(0);
  });

  it('removeWebhookUrls removes only the given URLs', async () => {
    recordRequests(server, 'get', url, current([other, mine]));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    await testClient().marketplace.removeWebhookUrls(456, [mine]);
    expect(writes[0]?.body).toMatchObject({ urls: [other] });
  });

  it('refuses an 11th URL with a clear error before writing anything', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `https://app${i}.example/hooks`);
    recordRequests(server, 'get', url, current(ten));
    const writes = recordRequests(server, 'post', url, json({ success: true }, 201));
    const error = await failure(testClient().marketplace.addWebhookUrls(456, [mine]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/at most 10 webhook URLs/);
    expect(writes).toHaveLength(0);
    const direct = await failure(
      testClient().marketplace.updateWebhookSettings(456, { urls: [...ten, mine], active: true }),
    );
    expect(direct).toBeInstanceOf(InvalidInputError);
    expect(writes).toHaveLength(0);
  });

  it('needs a user token, and says which option', async () => {
    const client = testClient({ userToken: undefined });
    const error = await failure(client.marketplace.getWebhookSettings(456));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/ALTEGIO_USER_TOKEN/);
  });
});

describe('dictionaries', () => {
  it('countries, cities({ countryId }) and businessTypes()', async () => {
    recordRequests(
      server,
      'get',
      `${API}/countries`,
      json({
        success: true,
        data: [{ id: 7, title: 'USA', iso_code: 'US', phone_code: '1', is_eu: false }],
        meta: [],
      }),
    );
    const cities = recordRequests(
      server,
      'get',
      `${API}/cities`,
      json({ success: true, data: [{ id: 2, country_id: 7, title: 'New York' }], meta: [] }),
    );
    recordRequests(
      server,
      'get',
      `${API}/references/business_groups_with_types`,
      json({
        success: true,
        data: [{ id: 1, title: 'beauty', types: [{ id: 25, title: 'Spa', business_group_id: 1 }] }],
        meta: { count: 1 },
      }),
    );
    const client = testClient();
    expect(await client.dictionaries.countries()).toMatchObject([
      { id: 7, title: 'USA', isoCode: 'US', isEu: false },
    ]);
    expect(await client.dictionaries.cities({ countryId: 7 })).toMatchObject([
      { id: 2, countryId: 7, title: 'New York' },
    ]);
    expect(cities[0]?.url.searchParams.get('country_id')).toBe('7');
    expect(await client.dictionaries.businessTypes()).toMatchObject([
      { id: 1, title: 'beauty', types: [{ id: 25, title: 'Spa', businessGroupId: 1 }] },
    ]);
  });

  it('refuses a bad countryId before sending', async () => {
    const error = await failure(testClient().dictionaries.cities({ countryId: -1 }));
    expect(error).toBeInstanceOf(InvalidInputError);
  });
});
