// Minified+gzipped size of each entry point of the BUILT package (dist/*.js, ESM) bundled with its
// dependencies by esbuild, checked against bench/budgets.json.
//   node bench/size.ts           print the sizes
//   node bench/size.ts --check   also exit 1 when an entry is over budget or the webhooks rule fails
//   node bench/size.ts --set-budgets   write bench/budgets.json: this measurement + 10%
// Rule (checked with --check): `webhooks` bundles neither ky nor any Node built-in, and it is smaller
// than every other entry except `node`. The `node` adapter is exempt: it is a thin (req, res) shim over
// the webhooks handlers, which may well be smaller still.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import type { BenchRow } from './types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Size of one entry point, in bytes. */
export interface EntrySize {
  /** The `exports` key without `./` (`.` is called `index`). */
  entry: string;
  /** The file the ESM `import` condition points to, relative to the package root. */
  file: string;
  minified: number;
  gzipped: number;
  /** Packages bundled in, by name (e.g. `zod`, `ky`). */
  packages: string[];
  /** `node:` built-ins it imports (left external, not counted). */
  builtins: string[];
  /**
   * The part loaded by `import` itself: the entry's bundle without what it reaches only through a
   * dynamic `import()` (ky, on the first request). Equal to the whole when nothing is deferred.
   */
  atImport?: { minified: number; gzipped: number; deferred: string[] };
}

type ExportTarget = string | { import?: string | { default?: string } };

/** The ESM file of every entry in package.json `exports`. */
export function entryFiles(): { entry: string; file: string }[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, ExportTarget>;
  };
  const out: { entry: string; file: string }[] = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key === './package.json') continue;
    const esm =
      typeof target === 'string'
        ? target
        : typeof target.import === 'string'
          ? target.import
          : target.import?.default;
    if (esm === undefined) throw new Error(`package.json exports["${key}"] has no ESM import target`);
    out.push({ entry: key === '.' ? 'index' : key.slice(2), file: esm.replace(/^\.\//, '') });
  }
  return out;
}

const packageName = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

/** Packages among esbuild's inputs: from node_modules, or bundled into a dist file (its sourcemap). */
function packagesIn(inputs: readonly string[]): string[] {
  const packages = new Set<string>();
  for (const input of inputs) {
    const direct = packageName(input);
    if (direct) packages.add(direct);
    else if (input.startsWith('dist/') && existsSync(`${root}${input}.map`)) {
      const map = JSON.parse(readFileSync(`${root}${input}.map`, 'utf8')) as { sources?: string[] };
      for (const source of map.sources ?? []) {
        const name = packageName(source);
        if (name) packages.add(name);
      }
    }
  }
  return [...packages].sort();
}

/**
 * Packages in the bundle: those esbuild pulled from node_modules, and those tsup had already bundled
 * into dist (found through the sourcemap of each dist file, e.g. zod/mini inside the webhooks chunk).
 */
function packagesOf(metafile: Metafile): { packages: string[]; builtins: string[] } {
  const packages = packagesIn(Object.keys(metafile.inputs));
  const builtins = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      // `<runtime>` is esbuild's own helper module, not an import of the package.
      if (imported.external && !imported.path.startsWith('<')) builtins.add(imported.path);
    }
  }
  return { packages, builtins: [...builtins].sort() };
}

const bundleOptions = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: 'esm',
  // Node built-ins stay external (and are reported); everything else an app would ship is counted.
  platform: 'node',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
  legalComments: 'none',
} as const;

/**
 * The outputs of a split build that importing `entry` reads: the entry's own output (esbuild lists
 * each `import()` target as an entry point too, so it is found by name) and the chunks it imports
 * statically, transitively.
 */
export function loadedAtImport(metafile: Metafile, entry: string): Set<string> {
  const outputs = metafile.outputs;
  const loaded = new Set<string>();
  const visit = (out: string) => {
    if (loaded.has(out)) return;
    loaded.add(out);
    for (const imported of outputs[out]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  const own = Object.keys(outputs).find((out) => outputs[out]?.entryPoint?.endsWith(entry));
  if (own) visit(own);
  return loaded;
}

/**
 * The same bundle split at each dynamic `import()`: the entry's chunk plus the chunks it imports
 * statically is what `import` loads; each file is gzipped on its own, as it would be served or read.
 */
async function measureAtImport(file: string): Promise<NonNullable<EntrySize['atImport']>> {
  const result = await build({
    ...bundleOptions,
    entryPoints: [`${root}${file}`],
    splitting: true,
    outdir: `${root}.size-out`,
  });
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((output) => [output.path, output.contents]));
  const loaded = loadedAtImport(result.metafile, file);
  let minified = 0;
  let gzipped = 0;
  for (const out of loaded) {
    const code = byPath.get(`${root}${out}`) ?? new Uint8Array();
    minified += code.byteLength;
    gzipped += gzipSync(code, { level: 9 }).byteLength;
  }
  const inputsOf = (outs: string[]) => outs.flatMap((out) => Object.keys(outputs[out]?.inputs ?? {}));
  const atImport = new Set(packagesIn(inputsOf([...loaded])));
  const later = packagesIn(inputsOf(Object.keys(outputs).filter((out) => !loaded.has(out))));
  return { minified, gzipped, deferred: later.filter((name) => !atImport.has(name)) };
}

/** Bundles, minifies and gzips each entry of the built package. Run `npm run build` first. */
export async function measureSizes(): Promise<EntrySize[]> {
  const sizes: EntrySize[] = [];
  for (const { entry, file } of entryFiles()) {
    const result = await build({
      ...bundleOptions,
      entryPoints: [`${root}${file}`],
    }).catch((error: unknown) => {
      throw new Error(`esbuild could not bundle ${file} (run \`npm run build\` first): ${String(error)}`);
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    sizes.push({
      entry,
      file,
      minified: code.byteLength,
      gzipped: gzipSync(code, { level: 9 }).byteLength,
      ...packagesOf(result.metafile),
      atImport: await measureAtImport(file),
    });
  }
  return sizes;
}

/** Budgets in gzipped bytes per entry, from bench/budgets.json (first measurement + 10%). */
export function readBudgets(): Record<string, number> {
  const raw = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8')) as {
    gzipBytes: Record<string, number>;
  };
  return raw.gzipBytes;
}

/** Problems found against the budgets and the webhooks rule; empty when all is well. */
export function checkSizes(sizes: readonly EntrySize[], budgets: Readonly<Record<string, number>>): string[] {
  const problems: string[] = [];
  for (const size of sizes) {
    const budget = budgets[size.entry];
    if (budget === undefined) problems.push(`${size.entry}: no budget in bench/budgets.json`);
    else if (size.gzipped > budget) {
      problems.push(`${size.entry}: ${size.gzipped} B min+gz is over its budget of ${budget} B`);
    }
  }
  const webhooks = sizes.find((size) => size.entry === 'webhooks');
  if (!webhooks) return [...problems, 'webhooks: entry missing from package.json exports'];
  if (webhooks.packages.includes('ky')) problems.push('webhooks: bundles ky; it must not import the client');
  if (webhooks.builtins.length > 0) {
    problems.push(`webhooks: imports ${webhooks.builtins.join(', ')}; it must run without node: modules`);
  }
  for (const size of sizes) {
    // node and redis are thin adapters over the other entries, and may be smaller still.
    if (!['webhooks', 'node', 'redis'].includes(size.entry) && size.gzipped <= webhooks.gzipped) {
      problems.push(`webhooks (${webhooks.gzipped} B) is not smaller than ${size.entry} (${size.gzipped} B)`);
    }
  }
  return problems;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Issue 14's target for the root entry, min+gz, checked against the part loaded at import. */
const ROOT_TARGET = 25 * 1024;

/** Bench rows: one per entry, min+gz size against its budget. */
export async function run(): Promise<BenchRow[]> {
  const sizes = await measureSizes();
  let budgets: Record<string, number> = {};
  try {
    budgets = readBudgets();
  } catch {
    // No budgets yet: report sizes only.
  }
  const rules = checkSizes(sizes, budgets).filter((problem) => problem.startsWith('webhooks'));
  return sizes.flatMap((size) => {
    const budget = budgets[size.entry];
    const deps = size.packages.length > 0 ? size.packages.join(', ') : 'no dependencies';
    const row: BenchRow = {
      name: `size ${size.entry} (min+gz; ${deps})`,
      value: `${kb(size.gzipped)} (${kb(size.minified)} min)`,
    };
    if (budget !== undefined) {
      row.target = `<= ${kb(budget)} budget${size.entry === 'webhooks' ? ', smallest but node, no ky' : ''}`;
      row.pass = size.gzipped <= budget && (size.entry !== 'webhooks' || rules.length === 0);
    }
    const atImport = size.atImport;
    if (!atImport || atImport.deferred.length === 0) return [row];
    const loaded = size.packages.filter((name) => !atImport.deferred.includes(name));
    const deferredRow: BenchRow = {
      name: `size ${size.entry} loaded at import (min+gz; ${loaded.join(', ') || 'no dependencies'}; ${atImport.deferred.join(', ')} on first use)`,
      value: `${kb(atImport.gzipped)} (${kb(atImport.minified)} min)`,
    };
    if (size.entry === 'index') {
      deferredRow.target = `<= ${kb(ROOT_TARGET)}`;
      deferredRow.pass = atImport.gzipped <= ROOT_TARGET;
    }
    return [row, deferredRow];
  });
}

if (import.meta.main) {
  const sizes = await measureSizes();
  for (const size of sizes) {
    const deps = size.packages.length > 0 ? size.packages.join(', ') : '-';
    const builtins = size.builtins.length > 0 ? `; node built-ins: ${size.builtins.join(', ')}` : '';
    const deferred = size.atImport?.deferred.length
      ? `; at import ${size.atImport.gzipped} B min+gz ${size.atImport.minified} B min, ${size.atImport.deferred.join(', ')} on first use`
      : '';
    console.log(
      `${size.entry.padEnd(9)} ${String(size.gzipped).padStart(7)} B min+gz ${String(size.minified).padStart(8)} B min  (${size.file}; bundles ${deps}${builtins}${deferred})`,
    );
  }
  if (process.argv.includes('--set-budgets')) {
    // Budget = this measurement + 10%, rounded up to the next 100 bytes.
    const gzipBytes = Object.fromEntries(
      sizes.map((size) => [size.entry, Math.ceil((size.gzipped * 1.1) / 100) * 100]),
    );
    const note =
      'Min+gz bytes per entry (esbuild bundle of dist/*.js with dependencies, ky included although it loads on the first request): the latest measurement + 10%, set on purpose. `npm run size` fails above these. Rewrite with `node bench/size.ts --set-budgets` only on purpose.';
    writeFileSync(
      new URL('./budgets.json', import.meta.url),
      `${JSON.stringify({ note, measuredAt: new Date().toISOString().slice(0, 10), gzipBytes }, null, 2)}\n`,
    );
    console.log(`\nbench/budgets.json written: ${JSON.stringify(gzipBytes)}`);
  }
  if (process.argv.includes('--check')) {
    const problems = checkSizes(sizes, readBudgets());
    if (problems.length > 0) {
      console.error(`\nsize check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
      process.exit(1);
    }
    console.log(
      '\nsize check: every entry is within its budget; webhooks bundles no ky and no Node built-in and is smaller than every entry but the node and redis adapters',
    );
  }
}
