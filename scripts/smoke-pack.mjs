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
  for (const node of nodes) {
    execFileSync(node, ['smoke.mjs'], { cwd: dir, stdio: 'inherit' });
    execFileSync(node, ['smoke.cjs'], { cwd: dir, stdio: 'inherit' });
  }
  console.log(`package smoke test passed: ${entries.length} entries, ${nodes.length} node binaries`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
