#!/usr/bin/env node
// Packs the package as npm would publish it, installs the tarball in an empty project, and both
// import()s and require()s every entry point, on each Node binary given in SMOKE_NODES (":"-separated;
// default: the node running this script).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => key.replace(/^\./, pkg.name));
const nodes = (process.env.SMOKE_NODES || process.execPath).split(':').filter(Boolean);

const dir = mkdtempSync(join(tmpdir(), 'altegio-smoke-'));
try {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'smoke', private: true }));
  // The redis entry needs its optional peer dependencies, as an app using it would install them.
  const redisPeers = ['bullmq', 'ioredis'].map((name) => `${name}@${pkg.peerDependencies[name]}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', join(dir, tarball), ...redisPeers], {
    cwd: dir,
    stdio: 'inherit',
  });

  // Each entry must load and expose at least one runtime export in both module systems.
  const check = (loaded) =>
    `if (Object.keys(${loaded}).length === 0) throw new Error('no exports: ' + name);`;
  writeFileSync(
    join(dir, 'smoke.mjs'),
    `for (const name of ${JSON.stringify(entries)}) { const m = await import(name); ${check('m')} }\n` +
      `const { createAltegioClient, isAltegioError } = await import('${pkg.name}');\n` +
      `try { createAltegioClient({ env: {} }); } catch (e) { if (!isAltegioError(e)) throw e; }\n` +
      `console.log('import ok', process.version);\n`,
  );
  writeFileSync(
    join(dir, 'smoke.cjs'),
    `for (const name of ${JSON.stringify(entries)}) { const m = require(name); ${check('m')} }\n` +
      `const { createAltegioClient, isAltegioError } = require('${pkg.name}');\n` +
      `try { createAltegioClient({ env: {} }); } catch (e) { if (!isAltegioError(e)) throw e; }\n` +
      `console.log('require ok', process.version);\n`,
  );
  // Each entry bundles its own copy of the error classes: instanceof must still hold
  // across entries and across the ESM and CJS copies. The first request loads ky with import(), also
  // from the CJS build (ky is ESM-only and not bundled), and, in ESM, the root's schema chunk: a request
  // to a loopback server from each build, and an input check from the ESM one, prove it.
  writeFileSync(
    join(dir, 'smoke-cross.cjs'),
    `const assert = require('node:assert/strict');
const http = require('node:http');
(async () => {
  const esm = await import('${pkg.name}');
  const cjs = require('${pkg.name}');
  const webhooks = require('${pkg.name}/webhooks');
  const error = await webhooks.verifyLifecycleEvent('{}', { partnerToken: 'partner-token-0123456789', applicationId: 1 }).catch((e) => e);
  assert.ok(error instanceof esm.WebhookVerificationError && error instanceof cjs.AltegioError, 'instanceof across copies');
  assert.ok(esm.isAltegioError(new cjs.NotFoundError({ status: 404, method: 'GET', path: '/' }), 'NotFoundError'));
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ success: true, data: [], meta: {} }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = 'http://127.0.0.1:' + server.address().port;
  const options = {
    partnerToken: 'partner-token-0123456789', userToken: 'user-token-0123456789', applicationId: 1,
    platform: { appBaseUrl: base, apiBaseUrl: base + '/api/v1', accept: 'application/vnd.api.v2+json' },
    rateLimit: false, retry: 0, env: {},
  };
  // First of all ESM calls: an input check loads the schema chunk by itself.
  const invalid = await esm.createAltegioClient(options).marketplace.getInstallation(-1).catch((e) => e);
  assert.ok(invalid instanceof cjs.InvalidInputError, 'an input check from the ESM schema chunk');
  const call = { locationId: 1, dateFrom: '2026-01-01', dateTo: '2026-01-02' };
  for (const sdk of [cjs, esm]) {
    const page = await sdk.createAltegioClient(options).telephony.listCalls(call);
    assert.deepEqual(page.calls, []);
  }
  server.close();
  console.log('cross-copy instanceof and first request (CJS and ESM, import("ky"), schema chunk) ok', process.version);
})().catch((error) => { console.error(error); process.exit(1); });
`,
  );
  for (const node of nodes) {
    execFileSync(node, ['smoke.mjs'], { cwd: dir, stdio: 'inherit' });
    execFileSync(node, ['smoke.cjs'], { cwd: dir, stdio: 'inherit' });
    execFileSync(node, ['smoke-cross.cjs'], { cwd: dir, stdio: 'inherit' });
  }
  console.log(`package smoke test passed: ${entries.length} entries, ${nodes.length} node binaries`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
