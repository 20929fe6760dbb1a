// `npm run bench`: runs every bench module against the BUILT package and prints one table.
//   node bench/run.ts                 print the table (writes nothing)
//   node bench/run.ts --write         also replace the generated part of bench/RESULTS.md
//   node bench/run.ts --only=size,cold-import
//   BENCH_QUICK=1 node bench/run.ts   shortened runs (CI smoke test; numbers are rougher)
// A module listed below but not present is skipped with a note; one that throws is reported and makes
// the exit code 1, after the other modules ran. Each module runs in a process of its own, so that no
// module's numbers depend on which modules ran before it (their heap, their JIT state): the client bench
// read 0.05-0.1x higher when it ran after the webhook benches in one process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchModule, BenchRow } from './types.ts';

// In the child: run one module and write its rows (or its error) as JSON to the given file.
const child = process.argv.find((arg) => arg.startsWith('--module='))?.slice('--module='.length);
if (child) {
  const out = process.argv.find((arg) => arg.startsWith('--rows-to='))?.slice('--rows-to='.length) ?? '';
  try {
    const mod = (await import(new URL(`./${child}.ts`, import.meta.url).href)) as BenchModule;
    writeFileSync(out, JSON.stringify({ rows: await mod.run() }));
  } catch (error) {
    writeFileSync(out, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
  process.exit(0);
}

const modules = [
  // The throughput ratios differ by a few percent from one process to the next on a shared machine
  // (where V8 places code and heap, what it inlines; the client GET read 1.04x-1.11x in three processes
  // of one build): these two run in several processes, and each row is the run with the median ratio,
  // with every run's ratio shown.
  { name: 'webhooks', what: 'webhook verify+parse vs raw baseline', processes: 3 },
  { name: 'client-overhead', what: 'client call vs plain fetch and bare ky', processes: 5 },
  { name: 'limiter', what: 'limiter achieved rate vs limit' },
  { name: 'instances', what: '4 processes on one Redis store; 1,000 reportPayment runs with kills' },
  { name: 'size', what: 'min+gz size per entry' },
  { name: 'cold-import', what: 'cold import per entry and peer vs node -e ""' },
  { name: 'zod-cost', what: 'bundled full zod vs zod/mini: size and cold import' },
  { name: 'inbox', what: 'durable webhook inbox: 1,000 identical deliveries over 4 processes' },
];

const args = process.argv.slice(2);
const write = args.includes('--write');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const quick = process.env.BENCH_QUICK === '1';

const rows: BenchRow[] = [];
const notes: string[] = [];
let failed = false;

/** Runs one module in a fresh process: its rows, or why it failed. */
function runModule(name: string): { rows: BenchRow[] } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'altegio-bench-'));
  const out = join(dir, 'rows.json');
  const ran = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), `--module=${name}`, `--rows-to=${out}`],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const result = (existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}) as {
    rows?: BenchRow[];
    error?: string;
  };
  rmSync(dir, { recursive: true, force: true });
  if (result.rows) return { rows: result.rows };
  return { error: result.error ?? `the bench process exited with ${ran.status ?? ran.signal}` };
}

/** Each row of several runs of one module: the run with the median ratio, noting every run's ratio. */
function medianRows(runs: BenchRow[][]): BenchRow[] {
  if (runs.length === 1) return runs[0]!;
  return runs[0]!.map((first) => {
    const same = runs
      .map((run) => run.find((row) => row.name === first.name))
      .filter((row) => row !== undefined);
    if (same.length !== runs.length || same.some((row) => row.ratio === undefined)) return first;
    const sorted = [...same].sort((a, b) => a.ratio! - b.ratio!);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return {
      ...median,
      value: `${median.value}; ratio per process ${same.map((row) => `${row.ratio}x`).join(', ')}`,
    };
  });
}

for (const { name, what, processes = 1 } of modules) {
  if (only && !only.includes(name)) continue;
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(file)) {
    notes.push(`${name}: skipped, bench/${name}.ts is not present (${what})`);
    continue;
  }
  const started = performance.now();
  process.stderr.write(`bench: ${name} ...`);
  const runs: BenchRow[][] = [];
  let error: string | undefined;
  for (let i = 0; i < (quick ? 1 : processes) && error === undefined; i++) {
    const result = runModule(name);
    if ('rows' in result) runs.push(result.rows);
    else error = result.error;
  }
  if (error === undefined) {
    rows.push(...medianRows(runs));
    process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } else {
    failed = true;
    process.stderr.write(' failed\n');
    // First lines only: a child process's stack trace would swamp the table.
    notes.push(`${name}: FAILED: ${error.split('\n').slice(0, 3).join(' ').slice(0, 400)}`);
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
function table(list: readonly BenchRow[]): string {
  const header = ['Benchmark', 'Result', 'Baseline (same run)', 'Ratio', 'Target', 'Met'];
  const body = list.map((row) => [
    row.name,
    row.value,
    row.baseline ?? '',
    row.ratio === undefined ? '' : `${row.ratio}x`,
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((line) => cell(line[i]!).length)),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => cell(c).padEnd(widths[i]!)).join(' | ')} |`;
  // Laid out the way Biome formats Markdown tables, so a written RESULTS.md passes `biome check`.
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

function commit(): string {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  if (git.status !== 0) return 'unknown';
  return `${git.stdout.trim()}${dirty.stdout.trim() === '' ? '' : ' (with uncommitted changes)'}`;
}

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  return `${cpu}, ${availableParallelism()} cores, ${memory} RAM, ${type()} ${release()}, Node ${process.version} (load average at the end: ${load})`;
}

const output = table(rows);
console.log(`\n${output}`);
if (notes.length > 0) console.log(`\n${notes.map((note) => `- ${note}`).join('\n')}`);
const missed = rows.filter((row) => row.pass === false).length;
if (missed > 0) console.log(`\n${missed} row(s) missed their target.`);

if (write) {
  const resultsFile = new URL('./RESULTS.md', import.meta.url);
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const stamp = new Date()
    .toISOString()
    .replace(/:\d\d\.\d+Z$/, ' UTC')
    .replace('T', ' ');
  const generated = [
    start,
    `Measured ${stamp} at commit ${commit()} with \`npm run bench${quick ? ' (BENCH_QUICK=1)' : ''}\`${only ? ` (only: ${only.join(', ')})` : ''}.`,
    '',
    `Machine: ${machine()}.`,
    '',
    output,
    ...(notes.length > 0 ? ['', ...notes.map((note) => `- ${note}`)] : []),
    end,
  ].join('\n');
  const current = existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
    : `# Benchmark results\n\n${start}\n${end}\n`;
  const next =
    current.includes(start) && current.includes(end)
      ? current.slice(0, current.indexOf(start)) +
        generated +
        current.slice(current.indexOf(end) + end.length)
      : `${current.trimEnd()}\n\n${generated}\n`;
  writeFileSync(resultsFile, next);
  console.log('\nbench/RESULTS.md updated.');
}

if (failed) process.exitCode = 1;
