import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  AltegioApiError,
  AuthenticationError,
  ConnectionError,
  isAltegioError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from 'altegio-marketplace';
import { RateLimiter } from '../../src/core/limiter';
import { path } from '../../src/core/path';
import { platforms, resolvePlatform } from '../../src/core/platform';
import { createTransport, type RequestSpec, type TransportOptions } from '../../src/core/transport';
import { API, APP, CRM_TOKEN, expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const logs: unknown[] = [];
const logger = {
  debug: (m: string, d?: unknown) => logs.push([m, d]),
  warn: (m: string, d?: unknown) => logs.push([m, d]),
  error: (m: string, d?: unknown) => logs.push([m, d]),
};

function transport(options: Partial<TransportOptions> = {}) {
  return createTransport({
    partnerToken: PARTNER_TOKEN,
    userToken: USER_TOKEN,
    platform: platforms.altegio,
    timeout: 2000,
    retry: { limit: 2, initialDelay: 1, maxDelay: 5, maxRetryAfter: 5000 },
    limiter: null,
    fetch: undefined,
    logger,
    ...options,
  });
}

/** Runs `spec`, returning the thrown error (or failing when it resolves). */
async function failure(spec: RequestSpec, options?: Partial<TransportOptions>): Promise<Error> {
  try {
    await transport(options).request(spec);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

/** Counts requests to one URL and answers each with `answer(n)` (1-based). */
function counted(method: 'get' | 'post', url: string, answer: (n: number) => Response | Promise<Response>) {
  const seen = { count: 0, at: [] as number[] };
  server.use(
    http[method](url, () => {
      seen.count++;
      seen.at.push(Date.now());
      return answer(seen.count);
    }),
  );
  return seen;
}

const envelope = (data: unknown) => HttpResponse.json({ success: true, data, meta: {} });
const apiError = (status: number, message?: string) =>
  HttpResponse.json({ success: false, data: null, meta: message ? { message } : {} }, { status });
const get: RequestSpec = { method: 'GET', host: 'app', path: '/marketplace/salon/1/application/123' };
const post: RequestSpec = {
  method: 'POST',
  host: 'app',
  path: '/marketplace/partner/payment',
  body: { salon_id: 1 },
};

describe('headers', () => {
  it.each([
    ['altegio', APP, 'application/vnd.api.v2+json'],
    ['yclients', 'https://api.yclients.com', 'application/vnd.yclients.v2+json'],
  ] as const)('sends Accept and partner auth for the %s preset', async (name, host, accept) => {
    let headers: Headers | undefined;
    server.use(
      http.post(`${host}/marketplace/partner/callback`, ({ request }) => {
        headers = request.headers;
        return new HttpResponse(null, { status: 201 });
      }),
    );
    await transport({ platform: platforms[name] }).request({
      method: 'POST',
      host: 'app',
      path: '/marketplace/partner/callback',
      body: { salon_id: 1 },
    });
    expect(headers?.get('accept')).toBe(accept);
    expect(headers?.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}`);
    expect(headers?.get('content-type')).toMatch(/^application\/json/);
  });

  it('sends "Bearer <partner>, User <user>" on Partner+User endpoints, no body on GET, and the Content-Type the bundle requires', async () => {
    let seen: Request | undefined;
    server.use(
      http.get(`${API}/voip/integration/calls`, ({ request }) => {
        seen = request;
        return envelope([]);
      }),
    );
    await transport().request({
      method: 'GET',
      host: 'api',
      path: '/voip/integration/calls',
      auth: 'partnerUser',
      query: { salon_id: 5, types: ['incoming', 'outgoing'], phone: undefined },
    });
    expect(seen?.headers.get('authorization')).toBe(`Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`);
    expect(new URL(seen?.url ?? '').search).toBe('?salon_id=5&types[]=incoming&types[]=outgoing');
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(await seen?.text()).toBe('');
  });

  it('uses an explicit platform and lets env override a preset', () => {
    const env = {
      ALTEGIO_APP_BASE_URL: 'http://127.0.0.1:9999/app/',
      ALTEGIO_API_BASE_URL: 'http://127.0.0.1:9999/api/v1',
    };
    expect(resolvePlatform('altegio', env)).toEqual({
      appBaseUrl: 'http://127.0.0.1:9999/app',
      apiBaseUrl: 'http://127.0.0.1:9999/api/v1',
      applicationBaseUrl: 'http://127.0.0.1:9999/app',
      accept: 'application/vnd.api.v2+json',
    });
    const explicit = {
      appBaseUrl: 'https://a.example',
      apiBaseUrl: 'https://b.example/api/v1',
      accept: 'x/y',
    };
    expect(resolvePlatform(explicit, env)).toEqual({ ...explicit, applicationBaseUrl: 'https://a.example' });
  });

  it('encodes path parameters as one segment', () => {
    expect(path`/marketplace/salon/${'1/../2?x'}/application/${123}`).toBe(
      '/marketplace/salon/1%2F..%2F2%3Fx/application/123',
    );
    expect(() => path`/a/${'..'}`).toThrow(TypeError);
    // Numbers: integers as digits, anything else (1e21, 0.5, NaN) encoded like a string.
    expect(path`/a/${-12}/b/${1e21}/c/${0.5}/${Number.NaN}`).toBe('/a/-12/b/1e%2B21/c/0.5/NaN');
  });
});

describe('envelope', () => {
  it('unwraps and validates data', async () => {
    server.use(http.get(`${APP}${get.path}`, () => envelope({ id: '7', extra: true })));
    const data = await transport().request({ ...get, schema: z.looseObject({ id: z.coerce.number() }) });
    expect(data).toEqual({ id: 7, extra: true });
  });

  it.each([
    ['an empty body', () => new HttpResponse(null, { status: 201 })],
    ['{"success": true} alone', () => HttpResponse.json({ success: true })],
    [
      'a 202 without data',
      () => HttpResponse.json({ success: true, meta: { message: 'Accepted' } }, { status: 202 }),
    ],
  ])('treats %s as success', async (_name, answer) => {
    server.use(http.post(`${APP}${post.path}`, answer));
    await expect(transport().request(post)).resolves.toBeUndefined();
  });

  it('turns HTTP 200 with success:false into AltegioApiError', async () => {
    server.use(
      http.get(`${APP}${get.path}`, () =>
        HttpResponse.json({ success: false, data: null, meta: { message: 'Nope' } }),
      ),
    );
    const error = await failure(get);
    expect(error).toBeInstanceOf(AltegioApiError);
    expect(error).toMatchObject({ status: 200, apiMessage: 'Nope', method: 'GET', path: get.path });
    expect(error.message).toContain('Nope');
  });

  it('reads the YCLIENTS {errors: {code, message}} shape', async () => {
    server.use(
      http.get(`${APP}${get.path}`, () =>
        HttpResponse.json({ errors: { code: 404, message: 'Company not found' }, meta: [] }, { status: 404 }),
      ),
    );
    const error = await failure(get);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ apiMessage: 'Company not found', code: 404 });
  });

  it('keeps meta.errors of a 422', async () => {
    server.use(
      http.post(`${APP}${post.path}`, () =>
        HttpResponse.json(
          {
            success: false,
            data: null,
            meta: { message: 'Wrong parameters given', errors: [{ payment_sum: 'bad' }] },
          },
          { status: 422 },
        ),
      ),
    );
    const error = await failure(post);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ errors: [{ payment_sum: 'bad' }] });
  });

  it('rejects an HTML page on 2xx as ResponseValidationError with a base-URL hint', async () => {
    server.use(http.get(`${APP}${get.path}`, () => HttpResponse.html('<html>login</html>')));
    const error = await failure(get);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/not JSON \(text\/html.*base URL/);
  });

  it('rejects malformed JSON and a non-object body', async () => {
    server.use(
      http.get(
        `${APP}${get.path}`,
        () => new HttpResponse('{"success": tru', { headers: { 'content-type': 'application/json' } }),
      ),
    );
    expect(await failure(get)).toBeInstanceOf(ResponseValidationError);
    server.use(http.get(`${APP}${get.path}`, () => HttpResponse.json([1, 2])));
    expect(await failure(get)).toBeInstanceOf(ResponseValidationError);
  });

  it('reports schema mismatches with issues', async () => {
    server.use(http.get(`${APP}${get.path}`, () => envelope({ id: 'abc' })));
    const error = await failure({ ...get, schema: z.object({ id: z.number() }) });
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toEqual(['id']);
    expect(error.message).toContain('data.id');
  });

  it('maps an HTML error page to the status class with a hint', async () => {
    server.use(
      http.get(`${APP}${get.path}`, () => HttpResponse.html('<h1>Bad gateway</h1>', { status: 502 })),
    );
    const error = await failure(get, { retry: { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 } });
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('not JSON');
  });
});

describe('error classes', () => {
  it.each([
    [401, AuthenticationError, /ALTEGIO_PARTNER_TOKEN/],
    [403, PermissionDeniedError, /applicationId/],
    [404, NotFoundError, /Application isn't installed/],
    [422, ValidationError, /errors/],
    [429, RateLimitError, /200 requests a minute/],
    [500, ServerError, /500/],
    [418, AltegioApiError, /418/],
  ] as const)('maps %i to %o', async (status, Class, text) => {
    server.use(http.get(`${APP}${get.path}`, () => apiError(status, "Application isn't installed")));
    const error = await failure(get, { retry: { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 } });
    expect(error).toBeInstanceOf(Class);
    expect(error.name).toBe(Class.name);
    expect(isAltegioError(error)).toBe(true);
    expect((error as AltegioApiError).status).toBe(status);
    expect(error.message).toMatch(text);
  });

  it('uses an endpoint hint over the default one', async () => {
    server.use(http.post(`${API}/voip/integration`, () => apiError(404)));
    const error = await failure({
      method: 'POST',
      host: 'api',
      path: '/voip/integration',
      body: {},
      hints: { 404: 'Unknown crm_token' },
    });
    expect(error.message).toContain('Unknown crm_token');
  });
});

describe('retries', () => {
  it('retries a GET on 500 and gives up with ServerError after the limit', async () => {
    const seen = counted('get', `${APP}${get.path}`, () => apiError(500));
    expect(await failure(get)).toBeInstanceOf(ServerError);
    expect(seen.count).toBe(3);
  });

  it('recovers when a retried GET succeeds', async () => {
    const seen = counted('get', `${APP}${get.path}`, (n) =>
      n === 1 ? HttpResponse.error() : envelope({ ok: 1 }),
    );
    await expect(transport().request({ ...get, schema: z.object({ ok: z.number() }) })).resolves.toEqual({
      ok: 1,
    });
    expect(seen.count).toBe(2);
  });

  it('never repeats a POST answered 500: OutcomeUnknownError', async () => {
    const seen = counted('post', `${APP}${post.path}`, () => apiError(500));
    const error = await failure(post);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ reason: 'server-error', status: 500 });
    expect(seen.count).toBe(1);
  });

  it('never repeats a POST whose connection dropped after sending', async () => {
    const seen = counted('post', `${APP}${post.path}`, () => HttpResponse.error());
    const error = await failure(post);
    expect(error).toMatchObject({ name: 'OutcomeUnknownError', reason: 'connection' });
    expect(seen.count).toBe(1);
  });

  it.each([429, 503])('retries a POST answered %i (certainly not processed)', async (status) => {
    const seen = counted('post', `${APP}${post.path}`, (n) =>
      n < 3 ? apiError(status) : envelope({ id: 1 }),
    );
    await transport().request(post);
    expect(seen.count).toBe(3);
  });

  it('throws the status error when 429/503 retries run out', async () => {
    const seen = counted('post', `${APP}${post.path}`, () => apiError(503));
    expect(await failure(post)).toBeInstanceOf(ServerError);
    expect(seen.count).toBe(3);
  });

  it('retries a POST whose connection was refused, then throws ConnectionError', async () => {
    server.close(); // real sockets for this test: msw would intercept them
    try {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const address = probe.address();
          probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
      });
      const base = `http://127.0.0.1:${port}`;
      const error = await failure(post, { platform: { appBaseUrl: base, apiBaseUrl: base, accept: 'x' } });
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ code: 'ECONNREFUSED' });
      expect(
        logs.filter((entry) => (entry as [string])[0] === 'altegio retry').length,
      ).toBeGreaterThanOrEqual(2);
    } finally {
      server.listen({ onUnhandledFrame: 'error' });
    }
  });

  it('does not retry with retry.limit 0', async () => {
    const seen = counted('get', `${APP}${get.path}`, () => apiError(500));
    await failure(get, { retry: { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 } });
    expect(seen.count).toBe(1);
  });

  it('does not retry 4xx other than 429', async () => {
    const seen = counted('get', `${APP}${get.path}`, () => apiError(422));
    await failure(get);
    expect(seen.count).toBe(1);
  });

  it('waits Retry-After seconds before retrying', async () => {
    const seen = counted('post', `${APP}${post.path}`, (n) =>
      n === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } }) : envelope(null),
    );
    await transport().request(post);
    expect(seen.count).toBe(2);
    expect((seen.at[1] ?? 0) - (seen.at[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After exceeds maxRetryAfter, exposing retryAfter', async () => {
    const seen = counted('get', `${APP}${get.path}`, () =>
      HttpResponse.json(
        { success: false, meta: { message: 'Too many' } },
        { status: 429, headers: { 'Retry-After': '120' } },
      ),
    );
    const error = await failure(get);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120_000);
    expect(seen.count).toBe(1);
  });
});

describe('timeouts', () => {
  it('retries a GET that times out, then throws TimeoutError', async () => {
    const seen = counted('get', `${APP}${get.path}`, async () => {
      await delay(400);
      return envelope(null);
    });
    const error = await failure(get, { timeout: 50 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeout: 50 });
    expect(seen.count).toBe(3);
  });

  it('throws OutcomeUnknownError for a POST that times out, sent once', async () => {
    const seen = counted('post', `${APP}${post.path}`, async () => {
      await delay(400);
      return envelope({ id: 1 });
    });
    const error = await failure(post, { timeout: 50 });
    expect(error).toMatchObject({ name: 'OutcomeUnknownError', reason: 'timeout' });
    expect(seen.count).toBe(1);
  });
});

describe('limiter', () => {
  it('spaces requests to the per-second limit', async () => {
    const seen = counted('get', `${APP}${get.path}`, () => envelope(null));
    const t = transport({ limiter: new RateLimiter({ perSecond: 2, perMinute: 100 }) });
    await Promise.all(Array.from({ length: 5 }, () => t.request(get)));
    const at = seen.at.map((time) => time - (seen.at[0] ?? 0));
    expect(at[2]).toBeGreaterThanOrEqual(990); // third waits for the first to leave the window
    expect(at[4]).toBeGreaterThanOrEqual(1990);
  });

  it('serves the high-priority lane before queued work', async () => {
    const order: string[] = [];
    server.use(
      http.post(`${API}/voip/integration`, async ({ request }) => {
        order.push(((await request.json()) as { command: string }).command);
        return HttpResponse.json({ success: true }, { status: 202 });
      }),
    );
    const t = transport({ limiter: new RateLimiter({ perSecond: 1, perMinute: 100 }, { margin: 0 }) });
    const send = (command: string, priority: 'high' | 'normal') =>
      t.request({ method: 'POST', host: 'api', path: '/voip/integration', body: { command }, priority });
    const queued = ['history', 'history', 'history'].map((command) => send(command, 'normal'));
    const ringing = send('event', 'high');
    await Promise.all([...queued, ringing]);
    expect(order).toEqual(['history', 'event', 'history', 'history']);
  });
});

describe('redaction', () => {
  const echo = {
    partner_token: PARTNER_TOKEN,
    note: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`,
    crm_token: CRM_TOKEN,
  };

  it.each([
    [
      '4xx',
      () =>
        HttpResponse.json(
          { success: false, meta: { message: `bad ${PARTNER_TOKEN}` }, data: echo },
          { status: 401 },
        ),
    ],
    [
      '200 success:false',
      () => HttpResponse.json({ success: false, meta: { message: `token ${CRM_TOKEN}` }, data: echo }),
    ],
    ['html', () => HttpResponse.html(`<p>${PARTNER_TOKEN} ${USER_TOKEN}</p>`, { status: 500 })],
    ['2xx html', () => HttpResponse.html(`<p>${PARTNER_TOKEN}</p>`)],
    ['schema mismatch', () => HttpResponse.json({ success: true, data: { id: PARTNER_TOKEN, ...echo } })],
    ['connection', () => HttpResponse.error()],
    ['server error on POST', () => HttpResponse.json({ meta: { message: USER_TOKEN } }, { status: 500 })],
  ])('keeps every token out of the %s error, its inspect output and the logs', async (_name, answer) => {
    logs.length = 0;
    server.use(http.post(`${APP}${post.path}`, answer), http.get(`${APP}${get.path}`, answer));
    for (const spec of [
      { ...post, body: { crm_token: CRM_TOKEN }, schema: z.object({ id: z.number() }), secrets: [CRM_TOKEN] },
      { ...get, schema: z.object({ id: z.number() }), secrets: [CRM_TOKEN] },
    ]) {
      const error = await failure(spec);
      expect(isAltegioError(error)).toBe(true);
      expectNoSecrets(error.message);
      expectNoSecrets(inspect(error, { depth: 10, showHidden: true }));
      expectNoSecrets(JSON.stringify(error));
      expectNoSecrets(String(error.stack));
    }
    expectNoSecrets(inspect(logs, { depth: 10 }));
  });

  it('keeps every token out of a timeout error', async () => {
    server.use(http.get(`${APP}${get.path}`, () => delay(300).then(() => envelope(null))));
    const error = await failure(get, {
      timeout: 20,
      retry: { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 },
    });
    expectNoSecrets(inspect(error, { depth: 10, showHidden: true }));
  });
});

describe('unreadable answers to writes', () => {
  it.each([
    ['an HTML page', () => HttpResponse.html('<p>ok</p>')],
    ['data without the documented id', () => HttpResponse.json({ success: true, data: {} })],
  ])('turns %s after a POST into OutcomeUnknownError, sent once', async (_name, answer) => {
    const seen = counted('post', `${APP}${post.path}`, answer);
    const error = await failure({ ...post, schema: z.object({ id: z.number() }) });
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ reason: 'unreadable-answer', status: 200 });
    expect(seen.count).toBe(1);
  });
});

describe('review fixes', () => {
  it('times out a body that stalls after the headers, and frees the limiter slot', async () => {
    server.close(); // a real socket: the stall must happen in the HTTP stack, not in msw
    const { createServer: createHttpServer } = await import('node:http');
    const stalled = createHttpServer((req, res) => {
      if (req.url?.includes('ok')) return res.end(JSON.stringify({ success: true, data: { ok: 1 } }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{'); // and never finish
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const address = stalled.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const t = transport({
        timeout: 200,
        retry: { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 },
        platform: { appBaseUrl: base, apiBaseUrl: base, accept: 'x/y' },
        limiter: new RateLimiter({ perSecond: 1000, perMinute: 1000 }),
      });
      const stalls = Array.from({ length: 3 }, () =>
        t.request({ method: 'GET', host: 'app', path: '/stall' }),
      );
      for (const result of await Promise.allSettled(stalls)) {
        expect(result.status === 'rejected' && result.reason).toBeInstanceOf(TimeoutError);
      }
      await expect(
        t.request({ method: 'POST', host: 'app', path: '/stall', body: {} }),
      ).rejects.toMatchObject({
        name: 'OutcomeUnknownError',
        reason: 'timeout',
      });
      await expect(
        t.request({ method: 'GET', host: 'app', path: '/ok', schema: z.object({ ok: z.number() }) }),
      ).resolves.toEqual({ ok: 1 });
    } finally {
      stalled.closeAllConnections();
      stalled.close();
      server.listen({ onUnhandledFrame: 'error' });
    }
  });

  it('stops reading a stalled body when the caller aborts, before the timeout', async () => {
    server.close(); // a real socket: the stall must happen in the HTTP stack, not in msw
    const { createServer: createHttpServer } = await import('node:http');
    const stalled = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{'); // and never finish
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const address = stalled.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const t = transport({
        timeout: 5000,
        platform: { appBaseUrl: base, apiBaseUrl: base, accept: 'x/y' },
      });
      const controller = new AbortController();
      const started = Date.now();
      const pending = t.request({ method: 'GET', host: 'app', path: '/stall', signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(pending).rejects.toMatchObject({ name: 'RequestAbortedError' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      stalled.closeAllConnections();
      stalled.close();
      server.listen({ onUnhandledFrame: 'error' });
    }
  });

  it('never lets a partial token through when it cuts a long text body', async () => {
    const page = `<p>${'x'.repeat(480)} Bearer ${PARTNER_TOKEN}</p>`;
    server.use(http.get(`${APP}${get.path}`, () => HttpResponse.html(page, { status: 400 })));
    const error = (await failure(get)) as AltegioApiError;
    expect(String(error.body)).not.toContain(PARTNER_TOKEN.slice(0, 8));
    expect(String(error.body).length).toBeLessThanOrEqual(500);
  });

  it('does not retry a 503 to a write-once request (payment, refund, activation)', async () => {
    const seen = counted('post', `${APP}${post.path}`, () => apiError(503));
    const error = await failure({ ...post, writeOnce: true });
    expect(error).toMatchObject({ name: 'OutcomeUnknownError', reason: 'server-error', status: 503 });
    expect(seen.count).toBe(1);
  });

  it('keeps its windows when the wall clock steps back', async () => {
    const limiter = new RateLimiter({ perSecond: 5, perMinute: 200 });
    const release = await limiter.acquire();
    release();
    const wall = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(wall - 3_600_000);
    try {
      const started = performance.now();
      (await limiter.acquire())();
      expect(performance.now() - started).toBeLessThan(100);
    } finally {
      spy.mockRestore();
    }
  });
});
