import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AltegioApiError,
  ConfigurationError,
  DEFAULTS,
  OutcomeUnknownError,
  RequestAbortedError,
  TimeoutError,
  UnexpectedRedirectError,
} from 'altegio-marketplace';
import { platforms } from '../../src/core/platform';
import { createRedactor, REDACTED } from '../../src/core/redact';
import { createTransport, type RequestSpec, type TransportOptions } from '../../src/core/transport';
import {
  APP,
  CRM_TOKEN,
  expectNoSecrets,
  PARTNER_TOKEN,
  testClient,
  USER_TOKEN,
  useMswServer,
} from '../helpers';

const server = useMswServer();

function transport(options: Partial<TransportOptions> = {}) {
  return createTransport({
    partnerToken: PARTNER_TOKEN,
    userToken: USER_TOKEN,
    platform: platforms.altegio,
    timeout: 2000,
    retry: { limit: 2, initialDelay: 1, maxDelay: 5, maxRetryAfter: 5000 },
    limiter: null,
    fetch: undefined,
    logger: undefined,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

const post: RequestSpec = {
  method: 'POST',
  host: 'app',
  path: '/marketplace/partner/payment',
  body: { salon_id: 1, crm_token: CRM_TOKEN },
  secrets: [CRM_TOKEN],
};
const get: RequestSpec = { method: 'GET', host: 'app', path: '/marketplace/salon/1/application/123' };

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])(
    'a %i to a POST is UnexpectedRedirectError, nothing resent',
    async (status) => {
      let elsewhere = 0;
      let sent = 0;
      server.use(
        http.post(`${APP}${post.path}`, () => {
          sent++;
          return new HttpResponse(null, { status, headers: { location: 'https://evil.example/steal?x=1' } });
        }),
        http.all('https://evil.example/*', () => {
          elsewhere++;
          return HttpResponse.json({ success: true, data: {} });
        }),
      );
      const error = await failure(transport().request(post));
      expect(error).toBeInstanceOf(UnexpectedRedirectError);
      expect(error).toMatchObject({ status, locationHost: 'evil.example', method: 'POST', path: post.path });
      expect(error.message).toContain(String(status));
      expect(error.message).toContain('evil.example');
      expect(error.message).not.toContain('steal');
      expect(elsewhere).toBe(0);
      expect(sent).toBe(1);
    },
  );

  it('a GET redirect is not followed or retried either; a relative Location names the same host', async () => {
    let sent = 0;
    server.use(
      http.get(`${APP}${get.path}`, () => {
        sent++;
        return new HttpResponse(null, { status: 302, headers: { location: '/login' } });
      }),
    );
    const error = await failure(transport().request(get));
    expect(error).toMatchObject({ name: 'UnexpectedRedirectError', locationHost: 'app.alteg.io' });
    expect(sent).toBe(1);
  });

  it("returns the 3xx as the answer where it is one (redirect: 'manual')", async () => {
    server.use(
      http.post(
        `${APP}/marketplace/partner/callback/redirect`,
        () => new HttpResponse(null, { status: 301, headers: { location: 'https://app.alteg.io/done' } }),
      ),
    );
    const result = await transport().requestRaw({
      method: 'POST',
      host: 'app',
      path: '/marketplace/partner/callback/redirect',
      redirect: 'manual',
    });
    expect(result.status).toBe(301);
    expect(result.headers.get('location')).toBe('https://app.alteg.io/done');
  });
});

describe('signal', () => {
  it('an aborted signal sends nothing: RequestAbortedError', async () => {
    let sent = 0;
    server.use(http.post(`${APP}${post.path}`, () => void sent++));
    const error = await failure(transport().request({ ...post, signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(sent).toBe(0);
  });

  it('aborting a GET in flight is RequestAbortedError, not retried', async () => {
    let sent = 0;
    server.use(
      http.get(`${APP}${get.path}`, async () => {
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return HttpResponse.json({ success: true, data: null });
      }),
    );
    const error = await failure(transport().request({ ...get, signal: AbortSignal.timeout(30) }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(sent).toBe(1);
  });

  it('aborting a write in flight is OutcomeUnknownError (aborted), sent once', async () => {
    let sent = 0;
    server.use(
      http.post(`${APP}${post.path}`, async () => {
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return HttpResponse.json({ success: true, data: null });
      }),
    );
    const error = await failure(transport().request({ ...post, signal: AbortSignal.timeout(30) }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ reason: 'aborted' });
    expect(sent).toBe(1);
  });

  it('aborting during the backoff stops the retries', async () => {
    let sent = 0;
    server.use(
      http.get(`${APP}${get.path}`, () => {
        sent++;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const controller = new AbortController();
    const slow = { limit: 5, initialDelay: 200, maxDelay: 200, maxRetryAfter: 5000 };
    const pending = failure(transport({ retry: slow }).request({ ...get, signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(RequestAbortedError);
    expect(sent).toBe(1);
  });
});

describe('timeouts of reads and writes', () => {
  afterEach(() => vi.useRealTimers());

  it('defaults to 10 s for reads and 30 s for writes', () => {
    expect(DEFAULTS.timeout).toEqual({ read: 10_000, write: 30_000 });
  });

  it('gives a write its longer timeout: a POST slower than the read timeout still succeeds', async () => {
    server.use(
      http.post(`${APP}${post.path}`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return HttpResponse.json({ success: true, data: null });
      }),
      http.get(`${APP}${get.path}`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return HttpResponse.json({ success: true, data: null });
      }),
    );
    const t = transport({ timeout: { read: 50, write: 1000 }, retry: { ...noRetry } });
    await expect(t.request(post)).resolves.toBeUndefined();
    const error = await failure(t.request(get));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeout: 50 });
  });

  it('the client uses DEFAULTS.timeout when none is given', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // ky hands fetch a Request that carries the signal.
    const hanging: typeof fetch = (input, init) => {
      const signal = init?.signal ?? (input as Request).signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const client = testClient({ fetch: hanging, retry: 0 });
    let settled: unknown;
    const pending = client.marketplace.getInstallation(1).catch((error: unknown) => (settled = error));
    await vi.advanceTimersByTimeAsync(DEFAULTS.timeout.read - 5);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10);
    await pending;
    expect(settled).toBeInstanceOf(TimeoutError);
    expect(settled).toMatchObject({ timeout: DEFAULTS.timeout.read });
  });

  it('with DEFAULTS.timeout a write waits past the read timeout, up to the write timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const hanging: typeof fetch = (input, init) => {
      const signal = init?.signal ?? (input as Request).signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    let settled: unknown;
    const pending = transport({ fetch: hanging, timeout: DEFAULTS.timeout })
      .request(post)
      .catch((error: unknown) => (settled = error));
    await vi.advanceTimersByTimeAsync(DEFAULTS.timeout.read + 1000);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(DEFAULTS.timeout.write - DEFAULTS.timeout.read);
    await pending;
    expect(settled).toBeInstanceOf(OutcomeUnknownError);
    expect(settled).toMatchObject({ reason: 'timeout' });
  });

  it('a number sets both; an object may set one and keep the other default', () => {
    expect(() => testClient({ timeout: { write: 60_000 } })).not.toThrow();
    expect(() => testClient({ timeout: { read: -1 } })).toThrow(ConfigurationError);
    expect(() => testClient({ timeout: 0 })).toThrow(/timeout/);
  });
});

const noRetry = { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 };

describe('the user token rule lives in the transport', () => {
  it('a Partner+User call without a user token fails before sending, with no partner-only fallback', async () => {
    let sent = 0;
    server.use(
      http.get(`${APP}${get.path}`, () => {
        sent++;
        return HttpResponse.json({ success: true });
      }),
    );
    const error = await failure(transport({ userToken: undefined }).request({ ...get, auth: 'partnerUser' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'userToken' });
    expect(error.message).toContain('ALTEGIO_USER_TOKEN');
    expect(sent).toBe(0);
  });
});

describe('redaction of keys', () => {
  it('keeps a secret sent back as a JSON key out of the error, and no __proto__ key sets a prototype', async () => {
    server.use(
      http.post(`${APP}${post.path}`, () =>
        HttpResponse.text(
          JSON.stringify({
            success: false,
            meta: { message: 'bad', errors: { [CRM_TOKEN]: ['unknown token'], [PARTNER_TOKEN]: 1 } },
            [USER_TOKEN]: true,
          }).replace('{"success"', '{"__proto__":{"polluted":true},"success"'),
          { status: 422, headers: { 'content-type': 'application/json' } },
        ),
      ),
    );
    const error = (await failure(transport().request(post))) as AltegioApiError;
    expect(error).toBeInstanceOf(AltegioApiError);
    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    for (const text of [
      JSON.stringify(error.body),
      JSON.stringify(error.errors),
      inspect(error, { depth: 10 }),
    ]) {
      expectNoSecrets(text);
    }
    expect(JSON.stringify(error.errors)).toContain('[REDACTED]');
  });
});

describe('the redactor', () => {
  it('replaces credential-named values whole, login and secretKey included, and secrets inside keys', () => {
    const redact = createRedactor([CRM_TOKEN]);
    const copy = redact({
      login: 'vendor-login',
      secretKey: 'abc',
      nested: { [`x-${CRM_TOKEN}`]: 1, list: [CRM_TOKEN] },
    }) as Record<string, unknown>;
    expect(copy).toEqual({
      login: REDACTED,
      secretKey: REDACTED,
      nested: { [`x-${REDACTED}`]: 1, list: [REDACTED] },
    });
  });

  it('copies a __proto__ key as a plain own property', () => {
    const copy = createRedactor([])(JSON.parse('{"__proto__": {"isAdmin": true}}')) as { isAdmin?: boolean };
    expect(copy.isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ isAdmin: true });
  });
});

describe('error messages', () => {
  it('an Altegio message ending with a period is not followed by a second one', async () => {
    server.use(
      http.post(`${APP}${post.path}`, () =>
        HttpResponse.json(
          { success: false, meta: { message: 'Payment is already refunded.' } },
          { status: 422 },
        ),
      ),
    );
    const error = await failure(
      transport().request({ ...post, hints: { 422: 'Altegio rejected the refund' } }),
    );
    expect(error.message).toContain('Payment is already refunded. Altegio rejected the refund');
    expect(error.message).not.toContain('..');
  });
});

describe('ky is loaded on the first request', () => {
  it('the root entry imports ky only dynamically', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const result = await build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      external: ['ky', 'zod', 'zod/*'],
      metafile: true,
      logLevel: 'silent',
    });
    const kyImports = Object.values(result.metafile.inputs)
      .flatMap((input) => input.imports)
      .filter((i) => i.path === 'ky');
    expect(kyImports.length).toBeGreaterThan(0);
    expect(kyImports.every((i) => i.kind === 'dynamic-import')).toBe(true);
  });
});
