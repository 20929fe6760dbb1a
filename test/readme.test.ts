import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

it('runs the README quickstart as written, against the built package', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Quickstart'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code).toBeDefined();
  // Inside the package folder, so 'altegio-marketplace' resolves to dist/ by self-reference.
  mkdirSync(`${root}.tmp`, { recursive: true });
  const file = `${root}.tmp/readme-quickstart.ts`;
  writeFileSync(file, code ?? '');
  const run = spawnSync(process.execPath, [file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ALTEGIO_PARTNER_TOKEN: '' },
  });
  expect(run.stderr).not.toMatch(/Error/);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('true activated enabled');
  expect(run.stdout).toMatch(/payment \d+/);
});
