// The root entry as built: its bundle holds zod/mini and zod's core only, never full (classic) zod,
// whose schemas cost about 20 KB min+gz and most of a cold import's CPU time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The zod modules tsup bundled into a dist file, read from its sourcemap. */
function zodModules(file: string): string[] {
  const map = JSON.parse(readFileSync(`${root}dist/${file}.map`, 'utf8')) as { sources: string[] };
  return map.sources
    .filter((source) => source.includes('node_modules/zod/'))
    .map((s) => s.replace(/^.*node_modules\//, ''));
}

describe('root entry without full zod', () => {
  it.each(['index.js', 'index.cjs'])('dist/%s bundles zod/mini and core, no classic zod', (file) => {
    const modules = zodModules(file);
    expect(modules.some((m) => m.startsWith('zod/v4/mini/'))).toBe(true);
    expect(modules.filter((m) => m.startsWith('zod/v4/classic/'))).toEqual([]);
  });

  it('the source graph of the root entry imports no full zod (so no later edit can sneak it in)', async () => {
    const result = await build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      external: ['ky'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('zod/v4/classic/'))).toEqual([]);
    // z.catch materialises zod's whole util namespace (about 3.7 KB min+gz): the wire helpers avoid it.
    expect(result.outputFiles[0]?.text).not.toMatch(/constantCatch/);
  });
});
