// Cold import time of each entry point of the BUILT package: the median wall time of
// `node -e "import('altegio-marketplace/<entry>')"` minus the median of `node -e ""`, both measured in the
// same run with their runs interleaved, so machine noise hits both alike.
// Run: `npm run build && node bench/cold-import.ts` (BENCH_QUICK=1 for fewer runs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = process.env.BENCH_QUICK === '1' ? 5 : 31;

function timeNode(script: string): number {
  const started = performance.now();
  // cwd = package root, so 'altegio-marketplace/…' resolves to dist/ through the package self-reference.
  const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node -e ${JSON.stringify(script)} failed: ${result.stderr.trim()}`);
  return elapsed;
}

/** Every entry of package.json `exports` as an import specifier, keyed `index`, `webhooks`, ... */
function entrySpecifiers(): { entry: string; specifier: string }[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  return Object.keys(pkg.exports)
    .filter((key) => key !== './package.json')
    .map((key) => ({
      entry: key === '.' ? 'index' : key.slice(2),
      specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`,
    }));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Median cold-start times in ms: `baseline` (`node -e ""`) and each entry's total time. */
export function measureColdImports(): { baseline: number; entries: { entry: string; ms: number }[] } {
  const specifiers = entrySpecifiers().map(({ entry, specifier }) => ({
    entry,
    script: `import(${JSON.stringify(specifier)})`,
  }));
  // One warm-up each fills the OS file cache, so "cold" means a fresh process, not a cold disk.
  timeNode('');
  for (const { script } of specifiers) timeNode(script);
  const baseline: number[] = [];
  const samples = new Map<string, number[]>(specifiers.map(({ entry }) => [entry, []]));
  for (let i = 0; i < runs; i++) {
    baseline.push(timeNode(''));
    for (const { entry, script } of specifiers) samples.get(entry)!.push(timeNode(script));
  }
  return {
    baseline: median(baseline),
    entries: specifiers.map(({ entry }) => ({ entry, ms: median(samples.get(entry)!) })),
  };
}

/** Bench rows: per entry, the import cost over `node -e ""` and the ratio of the two totals. */
export async function run(): Promise<BenchRow[]> {
  const { baseline, entries } = measureColdImports();
  return entries.map(({ entry, ms }) => ({
    name: `cold import ${entry} (median of ${runs})`,
    value: `${ms >= baseline ? '+' : '-'}${Math.abs(ms - baseline).toFixed(1)} ms (${ms.toFixed(1)} ms total)`,
    baseline: `node -e "" ${baseline.toFixed(1)} ms`,
    ratio: Math.round((ms / baseline) * 100) / 100,
  }));
}

if (import.meta.main) {
  for (const row of await run()) console.log(`${row.name}: ${row.value}; ${row.baseline}; ${row.ratio}x`);
}
