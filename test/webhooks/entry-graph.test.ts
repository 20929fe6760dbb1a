import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The webhooks entry must run on any runtime with Web Crypto and stay small: bundle it the way a
// user's bundler would and look at what it pulled in.
describe('webhooks entry graph', () => {
  it('imports no ky, no full zod and no node: module', async () => {
    const result = await build({
      entryPoints: [`${root}src/webhooks/index.ts`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      minify: true,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('node_modules/ky/'))).toBe(false);
    expect(inputs.some((file) => file.includes('node_modules/zod/v4/classic/'))).toBe(false);
    expect(inputs.some((file) => file.includes('node_modules/zod/v4/mini/'))).toBe(true);
    expect(
      inputs.filter(
        (file) =>
          file.startsWith('src/') &&
          !/^src\/(webhooks|errors|core\/(crypto|defaults|objects|rules|logger|raw-query)\.ts|store\/(seen|store)\.ts)/.test(
            file,
          ),
      ),
    ).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(
      imports.filter((path) => path.startsWith('node:') || ['crypto', 'buffer', 'util'].includes(path)),
    ).toEqual([]);
    const gzipped = gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).byteLength;
    // The same bound as the published budget (bench/budgets.json, which `npm run size` checks on dist/).
    const budgets = JSON.parse(readFileSync(`${root}bench/budgets.json`, 'utf8')) as {
      gzipBytes: { webhooks: number };
    };
    expect(gzipped).toBeLessThanOrEqual(budgets.gzipBytes.webhooks);
  });

  // The same over the build users get (run `npx tsup` first; skipped without a build).
  it.skipIf(!existsSync(`${root}dist/webhooks.js`))(
    'the built dist/webhooks.js pulls in no ky, full zod or node:',
    async () => {
      for (const entry of ['webhooks.js', 'webhooks.cjs']) {
        if (!existsSync(`${root}dist/${entry}`)) continue;
        const result = await build({
          entryPoints: [`${root}dist/${entry}`],
          bundle: true,
          write: false,
          format: 'esm',
          platform: 'neutral',
          mainFields: ['module', 'main'],
          metafile: true,
          logLevel: 'silent',
        });
        const inputs = Object.keys(result.metafile.inputs);
        expect(inputs.filter((file) => /node_modules\/(ky|zod\/v4\/classic)\//.test(file))).toEqual([]);
        const imports = Object.values(result.metafile.inputs).flatMap((input) =>
          input.imports.map((i) => i.path),
        );
        expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
      }
    },
  );
});
