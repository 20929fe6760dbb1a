#!/usr/bin/env node
// Typechecks every ```ts block of README.md and docs/*.md as a standalone module, so the guides'
// code keeps compiling as the API changes. A block fenced as ```ts nocheck is skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.tmp', 'doc-snippets');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sources = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const origin = new Map();
let count = 0;
for (const source of sources) {
  const lines = readFileSync(join(root, source), 'utf8').split('\n');
  let block = null;
  lines.forEach((line, index) => {
    if (block === null && /^```(ts|typescript)\s*$/.test(line)) block = { start: index + 2, lines: [] };
    else if (block !== null && /^```\s*$/.test(line)) {
      const name = `${source.replace(/[/.]/g, '_')}_${block.start}.ts`;
      const body = block.lines.join('\n');
      writeFileSync(
        join(out, name),
        /^\s*(import|export)\s/m.test(body) ? `${body}\n` : `${body}\nexport {};\n`,
      );
      origin.set(name, { source, start: block.start });
      count++;
      block = null;
    } else if (block !== null) block.lines.push(line);
  });
}

if (count === 0) {
  console.log('docs code check: no ts blocks');
  process.exit(0);
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.json',
    compilerOptions: { noUnusedLocals: false },
    include: ['./*.ts'],
  }),
);
const tsc = spawnSync(
  join(root, 'node_modules', '.bin', 'tsc'),
  ['-p', join(out, 'tsconfig.json'), '--pretty', 'false'],
  {
    encoding: 'utf8',
  },
);
const report = (tsc.stdout + tsc.stderr).replace(
  /\.tmp\/doc-snippets\/([\w-]+\.ts)\((\d+),(\d+)\)/g,
  (match, file, line, col) => {
    const where = origin.get(file);
    return where ? `${where.source}:${where.start + Number(line) - 1}:${col}` : match;
  },
);
if (tsc.status !== 0) {
  console.error(report.trim());
  console.error(`\ndocs code check: ${count} blocks, type errors above`);
  process.exit(1);
}
console.log(`docs code check: ${count} blocks from ${sources.length} files typecheck`);
