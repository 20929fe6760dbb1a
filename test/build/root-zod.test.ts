// The root entry as built. Importing it loads no zod at all: zod/mini and the client's schemas are in
// the chunk `loadSchemas()` imports on the first call (src/schema-chunk.ts). Full (classic) zod, whose
// schemas cost about 20 KB min+gz and most of a cold import's CPU time, is in no part of it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { loadedAtImport as outputsAtImport } from '../../bench/size';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = `${root}dist/`;

/** The zod modules tsup bundled into a dist file, read from its sourcemap. */
function zodModules(file: string): string[] {
  const map = JSON.parse(readFileSync(`${dist}${file}.map`, 'utf8')) as { sources: string[] };
  return map.sources
    .filter((source) => source.includes('node_modules/zod/'))
    .map((s) => s.replace(/^.*node_modules\//, ''));
}

/**
 * The relative files a dist file imports: statically (`from './x.js'`, or CJS `require('./x.cjs')`) and
 * through `import('./x.js')`.
 */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const code = readFileSync(`${dist}${file}`, 'utf8');
  const pick = (pattern: RegExp) => [...code.matchAll(pattern)].map((m) => (m[1] as string).slice(2));
  return {
    static: [
      ...pick(/(?:^|\n)(?:import|export)\s[^;]*?from\s*"(\.\/[^"]+)"/g),
      ...pick(/\brequire\(["'](\.\/[^"']+)["']\)/g),
    ],
    dynamic: pick(/\bimport\(["'](\.\/[^"']+)["']\)/g),
  };
}

/** Every file `import('altegio-marketplace')` reads before it resolves. */
function loadedAtImport(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(file).static) visit(next);
  };
  visit(entry);
  return [...seen];
}

describe('root entry: zod loads on the first call, full zod never', () => {
  it('what dist/index.js loads at import holds no zod module', () => {
    const files = loadedAtImport('index.js');
    expect(files[0]).toBe('index.js');
    for (const file of files) expect({ file, zod: zodModules(file) }).toEqual({ file, zod: [] });
  });

  it('dist/index.js reaches its schemas through one dynamic import, which bundles zod/mini but no classic zod', () => {
    const [chunk, ...more] = loadedAtImport('index.js').flatMap((file) => importsOf(file).dynamic);
    expect(more).toEqual([]);
    expect(chunk).toMatch(/^schema-chunk-[\w-]+\.js$/);
    const modules = zodModules(chunk as string);
    expect(modules.some((m) => m.startsWith('zod/v4/mini/'))).toBe(true);
    expect(modules.filter((m) => m.startsWith('zod/v4/classic/'))).toEqual([]);
  });

  it('dist/index.cjs is one file: it bundles zod/mini and core, no classic zod', () => {
    expect(importsOf('index.cjs')).toEqual({ static: [], dynamic: [] });
    const modules = zodModules('index.cjs');
    expect(modules.some((m) => m.startsWith('zod/v4/mini/'))).toBe(true);
    expect(modules.filter((m) => m.startsWith('zod/v4/classic/'))).toEqual([]);
  });

  it('the source graph of the root entry imports no full zod, and zod only behind import() (so no later edit can sneak it in)', async () => {
    const result = await build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      write: false,
      metafile: true,
      splitting: true,
      outdir: `${root}.tmp/root-zod`,
      platform: 'node',
      format: 'esm',
      external: ['ky'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('zod/v4/classic/'))).toEqual([]);
    // What the entry reads at import: its own output and the chunks it imports statically.
    const outputs = result.metafile.outputs;
    const atImport = outputsAtImport(result.metafile, 'src/index.ts');
    expect(atImport.size).toBeGreaterThan(0);
    const zodAtImport = [...atImport].flatMap((out) =>
      Object.keys(outputs[out]?.inputs ?? {}).filter((input) => input.includes('node_modules/zod/')),
    );
    expect(zodAtImport).toEqual([]);
    // z.catch materialises zod's whole util namespace (about 3.7 KB min+gz): the wire helpers avoid it.
    expect(result.outputFiles.map((file) => file.text).join('\n')).not.toMatch(/constantCatch/);
  });
});
