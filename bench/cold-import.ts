// Cold import time of each entry point of the BUILT package, beside peers measured in the same run:
// the median wall time of `node -e "import('<specifier>')"` against the median of `node -e ""`, with
// all runs interleaved, so machine noise hits every row alike. Each run also reports the CPU time of
// its main thread, which another process on a shared core inflates far less than wall time: the CI
// guard (bench/cold-guard.ts) reads that.
// Run: `npm run build && node bench/cold-import.ts` (BENCH_QUICK=1 for fewer runs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
const defaultRuns = quick ? 5 : 31;

/** Peers measured beside the SDK's entries: a payments SDK, a webhook verifier, and our two deps. */
export const peers = ['stripe', '@octokit/webhooks-methods', 'ky', 'zod'] as const;

// Prints the main thread's CPU time (µs) as the process exits, after whatever the script loaded: the
// work the import does on the thread that waits for it, without V8's background compile and GC threads.
// (process.threadCpuUsage is Node >= 23.9; older Nodes report the whole process.)
const reportCpu =
  "process.on('exit',()=>{const u=(process.threadCpuUsage??process.cpuUsage)();process.stdout.write(String(u.user+u.system))});";

/** One fresh Node process running `script`: its wall time and CPU time, in ms. */
function timeNode(script: string): { wall: number; cpu: number } {
  const started = performance.now();
  // cwd = package root, so 'altegio-marketplace/…' resolves to dist/ through the package self-reference.
  const result = spawnSync(process.execPath, ['-e', reportCpu + script], { cwd: root, encoding: 'utf8' });
  const wall = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node -e ${JSON.stringify(script)} failed: ${result.stderr.trim()}`);
  return { wall, cpu: Number(result.stdout.trim()) / 1000 };
}

/** Every entry of package.json `exports` as an import specifier, keyed `index`, `webhooks`, ... */
export function entrySpecifiers(): { entry: string; specifier: string }[] {
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

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Medians of one subject, in ms. */
export interface ColdTime {
  name: string;
  wall: number;
  cpu: number;
}

/**
 * Median cold-start times: `baseline` (`node -e ""`) and each subject, with runs interleaved
 * (baseline, subject 1, subject 2, ..., baseline, ...).
 */
export function measureColdImports(
  subjects: readonly ({ name: string } & ({ specifier: string } | { script: string }))[],
  runs = defaultRuns,
): { baseline: ColdTime; subjects: ColdTime[]; fastestBaseline: number } {
  const scripts = subjects.map((subject) => ({
    name: subject.name,
    script: 'script' in subject ? subject.script : `import(${JSON.stringify(subject.specifier)})`,
  }));
  // One warm-up each fills the OS file cache, so "cold" means a fresh process, not a cold disk.
  timeNode('');
  for (const { script } of scripts) timeNode(script);
  const base: { wall: number; cpu: number }[] = [];
  const samples = new Map<string, { wall: number; cpu: number }[]>(scripts.map(({ name }) => [name, []]));
  for (let i = 0; i < runs; i++) {
    base.push(timeNode(''));
    for (const { name, script } of scripts) samples.get(name)!.push(timeNode(script));
  }
  const summary = (name: string, list: { wall: number; cpu: number }[]): ColdTime => ({
    name,
    wall: median(list.map((s) => s.wall)),
    cpu: median(list.map((s) => s.cpu)),
  });
  return {
    baseline: summary('node -e ""', base),
    fastestBaseline: Math.min(...base.map((s) => s.wall)),
    subjects: scripts.map(({ name }) => summary(name, samples.get(name)!)),
  };
}

// One answer from a `fetch` stub: the first call's whole cost (loading ky, the fetch engine and, for the
// SDK, its schema chunk, then validating the answer), without a network.
const stubFetch =
  'const fetch=async()=>new Response(\'{"success":true,"data":[{"id":1,"title":"Russia"}],"meta":[]}\',{headers:{\'content-type\':\'application/json\'}});';

/** A cold process that imports and then makes one GET: the SDK's client, and bare ky for comparison. */
export const firstCalls = [
  {
    name: 'index + first call',
    script: `${stubFetch}import('altegio-marketplace').then(({createAltegioClient:c})=>c({partnerToken:'partner-token-0123456789',applicationId:1,fetch,rateLimit:false}).dictionaries.countries())`,
  },
  {
    name: 'peer ky + first call',
    script: `${stubFetch}import('ky').then(({default:ky})=>ky.get('https://api.alteg.io/api/v1/countries',{fetch}).json())`,
  },
];

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Targets from the cold-start work: root entry <= 2x `node -e ""`, webhooks <= 1.3x. */
const targets: Record<string, number> = { index: 2, webhooks: 1.3 };

/** Bench rows: per entry and per peer, the import cost over `node -e ""` and the ratio of the totals. */
export async function run(): Promise<BenchRow[]> {
  const entries = entrySpecifiers().map(({ entry, specifier }) => ({ name: entry, specifier }));
  const others = peers.map((name) => ({ name: `peer ${name}`, specifier: name }));
  const { baseline, subjects } = measureColdImports([...entries, ...others, ...firstCalls]);
  return subjects.map(({ name, wall, cpu }) => {
    const target = targets[name];
    const row: BenchRow = {
      name: `cold ${name.includes('first call') ? 'start' : 'import'} ${name} (median of ${defaultRuns})`,
      value: `${wall >= baseline.wall ? '+' : '-'}${Math.abs(wall - baseline.wall).toFixed(1)} ms (${wall.toFixed(1)} ms total; CPU ${ratio(cpu, baseline.cpu)}x)`,
      baseline: `node -e "" ${baseline.wall.toFixed(1)} ms`,
      ratio: ratio(wall, baseline.wall),
    };
    if (target !== undefined) {
      row.target = `<= ${target}x`;
      row.pass = (row.ratio ?? Number.POSITIVE_INFINITY) <= target;
    }
    return row;
  });
}

if (import.meta.main) {
  for (const row of await run()) console.log(`${row.name}: ${row.value}; ${row.baseline}; ${row.ratio}x`);
}
