import { inspect } from 'node:util';
import {
  type Call,
  ConfigurationError,
  InvalidInputError,
  PermissionDeniedError,
  ResponseValidationError,
} from 'altegio-marketplace';
import { HttpResponse, type JsonBodyType } from 'msw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  API,
  expectNoSecrets,
  PARTNER_TOKEN,
  recordRequests,
  testClient,
  USER_TOKEN,
  useMswServer,
} from '../helpers';
import { listCallsExample, schemaProblems, voipSchemas } from './openapi';

const server = useMswServer();

function record(answer: (url: URL) => JsonBodyType, status = 200) {
  return recordRequests(server, 'get', `${API}/voip/integration/calls`, ({ url }) =>
    HttpResponse.json(answer(url), { status }),
  );
}

/** Reads the query string back the way a PHP back end would: `key[]` entries become arrays. */
function phpQuery(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    } else {
      out[key] = /^\d+$/.test(value) ? Number(value) : value;
    }
  }
  return out;
}

const filters = { locationId: 615243, dateFrom: '2026-01-01', dateTo: '2026-02-01' };

describe('telephony.listCalls', () => {
  it('sends the filters as a query string with Partner+User auth and no body', async () => {
    const seen = record(() => listCallsExample as JsonBodyType);
    await testClient().telephony.listCalls({
      ...filters,
      phone: '+13155550175',
      types: ['incoming', 'internal'],
      statuses: ['success', 'cancel'],
      page: 2,
      limit: 25,
    });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.url.search).toBe(
      '?salon_id=615243&date_from=2026-01-01&date_to=2026-02-01&phone=%2B13155550175' +
        '&types[]=incoming&types[]=internal&statuses[]=success&statuses[]=cancel&page=2&limit=25',
    );
    expect(request?.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`);
    expect(request?.headers.get('accept')).toBe('application/vnd.api.v2+json');
    expect(request?.text).toBe('');
    // The query carries exactly what the spec documents as the (GET) body.
    expect(schemaProblems(voipSchemas.listCalls, phpQuery(request?.url ?? new URL(API)))).toEqual([]);
  });

  it('defaults to page 1 and 100 calls a page, leaving out absent filters', async () => {
    const seen = record(() => ({ success: true, data: [] }));
    const page = await testClient().telephony.listCalls(filters);
    expect(seen[0]?.url.search).toBe(
      '?salon_id=615243&date_from=2026-01-01&date_to=2026-02-01&page=1&limit=100',
    );
    expect(page).toStrictEqual({ calls: [], page: 1, limit: 100, hasMore: false });
  });

  it('maps the spec example to camelCase calls', async () => {
    record(() => listCallsExample as JsonBodyType);
    const page = await testClient().telephony.listCalls({ ...filters, limit: 2 });
    expect(page.hasMore).toBe(true);
    expect(page.calls).toStrictEqual([
      {
        id: 8923525,
        clientId: 51342134,
        callerPhone: '+13155550175',
        recordLink: 'https://records.example.com/somelink.mp3',
        duration: 244,
        status: 'success',
        type: 'outgoing',
        callDate: '2026-01-17T23:52:21-05:00',
      },
      {
        id: 66795308,
        clientId: 0,
        callerPhone: '+13155550175',
        recordLink: '',
        duration: 0,
        status: 'missed',
        type: 'incoming',
        callDate: '2026-01-17T12:31:12-05:00',
      },
    ]);
  });

  it('reads older and newer answers: numeric strings, zone-less dates, nulls, unknown statuses', async () => {
    record(() => ({
      success: true,
      data: [
        {
          id: '1050',
          client_id: null,
          caller_phone: '79001112233',
          record_link: null,
          duration: '12',
          status: 'voicemail',
          type: 'callback',
          call_date: '2023-01-17 23:52:21',
          extra: 'ignored',
        },
        { id: 1051, client_id: '77', duration: null, status: 'missed', type: 'incoming', call_date: '' },
      ],
      meta: [],
    }));
    const { calls } = await testClient().telephony.listCalls(filters);
    expect(calls[0]).toMatchObject({
      id: 1050,
      clientId: 0,
      recordLink: '',
      duration: 12,
      status: 'voicemail',
      type: 'callback',
      callDate: '2023-01-17 23:52:21',
    });
    expect(calls[1]).toMatchObject({ id: 1051, clientId: 77, duration: 0 });
  });

  it.each([
    ['a fractional id', { id: 1.5 }],
    ['a non-numeric duration', { duration: 'long' }],
  ])('rejects %s as a ResponseValidationError', async (_label, change) => {
    const call = { id: 1, status: 'success', type: 'incoming', call_date: '', ...change };
    record(() => ({ success: true, data: [call] }));
    await expect(testClient().telephony.listCalls(filters)).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('types status and type as open unions that still autocomplete', () => {
    expectTypeOf<Call['status']>().toExtend<string>();
    expectTypeOf<'busy'>().toExtend<Call['status']>();
    expectTypeOf<Call['id']>().toEqualTypeOf<number>();
  });

  it('rejects an answer without call ids as a ResponseValidationError', async () => {
    record(() => ({ success: true, data: [{ caller_phone: '+1', status: 'success', type: 'incoming' }] }));
    await expect(testClient().telephony.listCalls(filters)).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it.each([
    ['UTC', '2026-01-01T03:00:00Z', '2026-01-01'],
    ['America/New_York', '2026-01-01T03:00:00Z', '2025-12-31'],
  ])('sends a Date as its calendar day in timeZone %s', async (timeZone, instant, day) => {
    const seen = record(() => ({ success: true, data: [] }));
    await testClient({ timeZone }).telephony.listCalls({
      locationId: 1,
      dateFrom: new Date(instant),
      dateTo: new Date('2026-01-31T12:00:00Z'),
    });
    expect(seen[0]?.url.searchParams.get('date_from')).toBe(day);
    expect(seen[0]?.url.searchParams.get('date_to')).toBe('2026-01-31');
  });

  it('throws a ConfigurationError naming userToken and ALTEGIO_USER_TOKEN when the client has none', async () => {
    const seen = record(() => ({ success: true, data: [] }));
    const error = await testClient({ userToken: undefined })
      .telephony.listCalls(filters)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'userToken' });
    expect((error as Error).message).toContain('ALTEGIO_USER_TOKEN');
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['a non-integer location', { ...filters, locationId: 1.5 }, 'locationId'],
    ['a negative location', { ...filters, locationId: -3 }, 'locationId'],
    ['an impossible day', { ...filters, dateTo: '2026-02-30' }, 'dateTo'],
    ['a date-time instead of a day', { ...filters, dateFrom: '2026-01-01T00:00:00Z' }, 'dateFrom'],
    ['dateFrom after dateTo', { ...filters, dateFrom: '2026-03-01' }, 'dateTo'],
    ['an unknown type', { ...filters, types: ['missed'] }, 'types'],
    ['an unknown status', { ...filters, statuses: ['voicemail'] }, 'statuses'],
    ['page 0', { ...filters, page: 0 }, 'page'],
    ['limit 1001', { ...filters, limit: 1001 }, 'limit'],
    ['limit 0', { ...filters, limit: 0 }, 'limit'],
    ['a phone with letters', { ...filters, phone: 'abc' }, 'phone'],
  ])('rejects %s before sending', async (_label, input, field) => {
    const seen = record(() => ({ success: true, data: [] }));
    const error = await testClient()
      .telephony.listCalls(input as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path[0])).toContain(field);
    expect(seen).toHaveLength(0);
  });

  it('maps 403 to PermissionDeniedError with a hint about the Calls right, tokens redacted', async () => {
    record(() => ({ success: false, meta: { message: `Access denied for ${USER_TOKEN}` } }), 403);
    const error = await testClient({ retry: 0 })
      .telephony.listCalls(filters)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toContain('Overview – Calls');
    expectNoSecrets(inspect(error, { depth: 10 }));
  });
});

describe('telephony.calls', () => {
  /** Serves `total` calls in pages, honouring `page` and `limit`. */
  function paged(total: number, { ignorePage = false } = {}) {
    return record((url) => {
      const page = ignorePage ? 1 : Number(url.searchParams.get('page'));
      const limit = Number(url.searchParams.get('limit'));
      const first = (page - 1) * limit;
      const ids = Array.from(
        { length: Math.max(0, Math.min(limit, total - first)) },
        (_, i) => first + i + 1,
      );
      return {
        success: true,
        data: ids.map((id) => ({
          id,
          client_id: 0,
          caller_phone: '+13155550175',
          record_link: '',
          duration: id,
          status: 'success',
          type: 'incoming',
          call_date: '2026-01-17T12:31:12-05:00',
        })),
      };
    });
  }

  const collect = async (iterable: AsyncIterable<Call>) => {
    const out: number[] = [];
    for await (const call of iterable) out.push(call.id);
    return out;
  };

  it('walks the pages until a short page', async () => {
    const seen = paged(5);
    const ids = await collect(testClient().telephony.calls({ ...filters, limit: 2, statuses: ['success'] }));
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
    for (const s of seen) {
      expect(s.url.searchParams.get('limit')).toBe('2');
      expect(s.url.searchParams.getAll('statuses[]')).toEqual(['success']);
      expect(s.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`);
    }
  });

  it('stops on an empty page when the total is a multiple of the page size', async () => {
    const seen = paged(4);
    expect(await collect(testClient().telephony.calls({ ...filters, limit: 2 }))).toEqual([1, 2, 3, 4]);
    expect(seen).toHaveLength(3);
  });

  it('stops instead of looping when the server ignores `page`', async () => {
    const seen = paged(10, { ignorePage: true });
    expect(await collect(testClient().telephony.calls({ ...filters, limit: 3 }))).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(2);
  });

  it('stops early without fetching more when the consumer breaks', async () => {
    const seen = paged(10);
    for await (const call of testClient().telephony.calls({ ...filters, limit: 3 })) {
      if (call.id === 2) break;
    }
    expect(seen).toHaveLength(1);
  });

  it('throws bad filters and a missing user token on the first iteration, before any request', async () => {
    const seen = paged(3);
    await expect(collect(testClient().telephony.calls({ ...filters, limit: 5000 }))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      collect(testClient({ userToken: undefined }).telephony.calls(filters)),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(seen).toHaveLength(0);
  });
});
