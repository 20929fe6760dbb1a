// What zod costs a cold start, bundled: the same small object schema written with full zod and with
// zod/mini, each bundled by esbuild into one file (as tsup bundles them into dist/), then measured for
// min+gz size and cold import against `node -e ""` in the same, interleaved run.
// Run: `node bench/zod-cost.ts` (BENCH_QUICK=1 for fewer runs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type * as ColdImport from './cold-import.ts';
import type { BenchRow } from './types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const variants = {
  'full zod': `import * as z from 'zod';
export const schema = z.object({ id: z.number().int().positive(), phone: z.string().regex(/^\\+?\\d+$/), note: z.string().min(1).optional() });
schema.parse({ id: 1, phone: '+1' });`,
  'zod/mini': `import * as z from 'zod/mini';
export const schema = z.object({ id: z.number().check(z.positive()), phone: z.string().check(z.regex(/^\\+?\\d+$/)), note: z.optional(z.string().check(z.minLength(1))) });
schema.parse({ id: 1, phone: '+1' });`,
};

async function bundle(source: string, minify: boolean): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    minify,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}

/** Bench rows: size and cold import of a bundled full-zod schema and the same in zod/mini. */
export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'altegio-zod-cost-'));
  try {
    const subjects: { name: string; specifier: string; gzipped: number }[] = [];
    for (const [name, source] of Object.entries(variants)) {
      const file = join(dir, `${name.replace(/\W/g, '-')}.mjs`);
      writeFileSync(file, await bundle(source, false));
      const gzipped = gzipSync(await bundle(source, true), { level: 9 }).byteLength;
      subjects.push({ name, specifier: file, gzipped });
    }
    // A runtime import of a sibling .ts file, the way bench/run.ts loads the bench modules.
    const { measureColdImports } = (await import(
      new URL('./cold-import.ts', import.meta.url).href
    )) as typeof ColdImport;
    const { baseline, subjects: times } = measureColdImports(
      subjects,
      process.env.BENCH_QUICK === '1' ? 5 : 21,
    );
    return subjects.map(({ name, gzipped }, i) => {
      const time = times[i]!;
      return {
        name: `bundled ${name}: one object schema, built and parsed once`,
        value: `${(gzipped / 1024).toFixed(1)} KB min+gz; cold import +${(time.wall - baseline.wall).toFixed(1)} ms (CPU ${Math.round((time.cpu / baseline.cpu) * 100) / 100}x)`,
        baseline: `node -e "" ${baseline.wall.toFixed(1)} ms`,
        ratio: Math.round((time.wall / baseline.wall) * 100) / 100,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const row of await run()) console.log(`${row.name}: ${row.value}; ${row.baseline}; ${row.ratio}x`);
}
