// The BUILT package (dist/, through the exports map, in a fresh Node process: no vitest aliases), as a
// user loads it. `npm test` builds first (pretest); CI runs this file on Node 24 and on Node 22.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = `${root}dist/`;

/** Runs `source` in a fresh process of the Node running the tests; returns its stdout as JSON. */
function runNode(source: string, type: 'module' | 'commonjs'): unknown {
  const out = execFileSync(process.execPath, [`--input-type=${type}`, '-e', source], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

const errorNames = [
  'AltegioError',
  'AltegioApiError',
  'AuthenticationError',
  'ConfigurationError',
  'ConnectRedirectError',
  'ConnectionError',
  'InvalidInputError',
  'NotFoundError',
  'OutcomeUnknownError',
  'PermissionDeniedError',
  'RateLimitError',
  'ResponseValidationError',
  'ServerError',
  'TimeoutError',
  'ValidationError',
  'WebhookVerificationError',
];

// One script for both module systems: `load(specifier)` is import() or require().
const crossCopyScript = (load: string) => `
(async () => {
  const load = ${load};
  const esmRoot = await import('altegio-marketplace');
  const cjsRoot = require('altegio-marketplace');
  const webhooks = await load('altegio-marketplace/webhooks');
  const testing = await load('altegio-marketplace/testing');
  const fromWebhooks = await webhooks
    .verifyLifecycleEvent('{}', { partnerToken: 'partner-token-0123456789', applicationId: 1 })
    .catch((e) => e);
  const fromTesting = (() => { try { testing.createFakeAltegio({}); } catch (e) { return e; } })();
  const notFound = new cjsRoot.NotFoundError({ status: 404, method: 'GET', path: '/x' });
  const result = {
    webhooksError: [
      fromWebhooks instanceof esmRoot.WebhookVerificationError,
      fromWebhooks instanceof cjsRoot.WebhookVerificationError,
      fromWebhooks instanceof esmRoot.AltegioError,
      fromWebhooks instanceof esmRoot.AltegioApiError,
      fromWebhooks instanceof Error,
    ],
    testingError: fromTesting === undefined ? null : [
      esmRoot.isAltegioError(fromTesting), fromTesting instanceof cjsRoot.AltegioError,
    ],
    cjsNotFoundInEsm: [
      notFound instanceof esmRoot.NotFoundError,
      notFound instanceof esmRoot.AltegioApiError,
      notFound instanceof esmRoot.AltegioError,
      notFound instanceof esmRoot.ServerError,
      esmRoot.isAltegioError(notFound, 'NotFoundError'),
      esmRoot.isAltegioError(notFound, 'AltegioApiError'),
      esmRoot.isAltegioError(notFound, 'RateLimitError'),
    ],
    plain: [
      new Error('x') instanceof esmRoot.AltegioError,
      esmRoot.isAltegioError({ name: 'NotFoundError' }, 'NotFoundError'),
      esmRoot.isAltegioError(null),
    ],
    classNames: ${JSON.stringify(errorNames)}.map((name) => [name, esmRoot[name]?.name, cjsRoot[name]?.name]),
  };
  console.log(JSON.stringify(result));
})();
`;

const expected = {
  webhooksError: [true, true, true, false, true],
  cjsNotFoundInEsm: [true, true, true, false, true, true, false],
  plain: [false, false, false],
  classNames: errorNames.map((name) => [name, name, name]),
};

describe('built entries', () => {
  it('instanceof holds across entries and across the ESM and CJS copies (ES module caller)', () => {
    const script = `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(`${root}package.json`)});
${crossCopyScript('(specifier) => import(specifier)')}`;
    const result = runNode(script, 'module') as typeof expected & { testingError: unknown };
    expect(result).toMatchObject(expected);
  });

  it('instanceof holds across entries and across the ESM and CJS copies (require() caller)', () => {
    const result = runNode(crossCopyScript('require'), 'commonjs') as typeof expected;
    expect(result).toMatchObject(expected);
  });

  it('loads ky with a real import() on the first request, also from the CJS build', () => {
    // The CJS bundle carries no copy of ky: ky is an external, ESM-only runtime dependency.
    const cjs = readFileSync(`${dist}index.cjs`, 'utf8');
    expect(cjs).toContain('import("ky")');
    expect(cjs).not.toMatch(/require\(["']ky["']\)/);
    expect(cjs).not.toContain('node_modules/ky/');
    const script = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ success: true, data: [], meta: {} }));
});
server.listen(0, '127.0.0.1', async () => {
  const { createAltegioClient } = require('altegio-marketplace');
  const base = 'http://127.0.0.1:' + server.address().port;
  const before = Object.keys(require.cache).some((file) => file.includes('/node_modules/ky/'));
  const altegio = createAltegioClient({
    partnerToken: 'partner-token-0123456789', userToken: 'user-token-0123456789', applicationId: 1,
    platform: { name: 'altegio', appBaseUrl: base, apiBaseUrl: base + '/api/v1', accept: 'application/vnd.api.v2+json' },
    rateLimit: false, retry: 0, env: {},
  });
  let outcome;
  try { outcome = await altegio.telephony.listCalls({ locationId: 1, dateFrom: '2026-01-01', dateTo: '2026-01-02' }); }
  catch (error) { outcome = { error: String(error && error.name) + ': ' + String(error && error.message) }; }
  server.close();
  console.log(JSON.stringify({ before, outcome }));
});`;
    expect(runNode(script, 'commonjs')).toEqual({
      before: false,
      outcome: { calls: [], page: 1, limit: 100, hasMore: false },
    });
  });

  it('verifies a signed payment the same with node:crypto and on a runtime with only Web Crypto', () => {
    // `hide` runs before the entry loads: with it, the entry sees no process.getBuiltinModule (as on
    // Deno or a worker) and falls back to Web Crypto.
    const script = (hide: boolean) => `
${hide ? 'Object.defineProperty(process, "getBuiltinModule", { value: undefined });' : ''}
const { createPaymentBody } = await import('altegio-marketplace/testing');
const webhooks = await import('altegio-marketplace/webhooks');
const options = { partnerToken: 'partner-token-0123456789', applicationId: 7 };
const body = await createPaymentBody({ ...options, locationId: 55, paymentId: 1, amount: '100.50', discount: 0 });
const event = await webhooks.verifyLifecycleEvent(body, options);
const forged = await webhooks.verifyLifecycleEvent(body.replace('100.50', '100.51'), options).catch((e) => e.reason);
console.log(JSON.stringify({ event: event.event, amount: event.amount, forged, nodeCrypto: typeof process.getBuiltinModule }));`;
    expect(runNode(script(false), 'module')).toEqual({
      event: 'payment',
      amount: 100.5,
      forged: 'invalid-sign',
      nodeCrypto: 'function',
    });
    expect(runNode(script(true), 'module')).toEqual({
      event: 'payment',
      amount: 100.5,
      forged: 'invalid-sign',
      nodeCrypto: 'undefined',
    });
  });

  it('loads node:crypto on the first HMAC, not at import and not to verify an uninstall', () => {
    const script = `
const loaded = () => process.moduleLoadList.includes('NativeModule crypto');
const steps = { start: loaded() };
const webhooks = await import('altegio-marketplace/webhooks');
await import('altegio-marketplace');
steps.imported = loaded();
const options = { partnerToken: 'partner-token-0123456789', applicationId: 7 };
const body = JSON.stringify({ salon_id: 1, application_id: 7, event: 'uninstall', partner_token: options.partnerToken });
steps.uninstall = (await webhooks.verifyLifecycleEvent(body, options)).event;
steps.afterUninstall = loaded();
await webhooks.signWebhookUrl('https://vendor.example/hooks', { locationId: 1, secret: 'webhook-secret-0123456789' });
steps.afterHmac = loaded();
console.log(JSON.stringify(steps));`;
    expect(runNode(script, 'module')).toEqual({
      start: false,
      imported: false,
      uninstall: 'uninstall',
      afterUninstall: false,
      afterHmac: true,
    });
  });

  it('ships sourcemaps without embedded sources, and testing types that do not import msw', () => {
    for (const file of readdirSync(dist).filter((name) => name.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(`${dist}${file}`, 'utf8')) as { sourcesContent?: unknown };
      expect(map.sourcesContent, file).toBeUndefined();
    }
    for (const file of ['testing.d.ts', 'testing.d.cts']) {
      expect(readFileSync(`${dist}${file}`, 'utf8')).not.toMatch(/^import[^\n]* from ['"]msw/m);
    }
  });
});
