import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  webhooks: 'src/webhooks/index.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
  redis: 'src/redis/index.ts',
};

export default defineConfig([
  // ESM: ky and full zod stay external, so an app that also uses them loads them once. zod/mini is
  // bundled: loading it from node_modules costs ~70 ms of cold start, and webhook receivers are
  // often serverless functions (the webhooks entry stays under 10 KB min+gz and ~10 ms to import).
  {
    entry,
    format: 'esm',
    dts: true,
    target: 'node22',
    clean: true,
    sourcemap: true,
    noExternal: ['zod/mini'],
  },
  // CJS: ky ships ESM only, so it is bundled here too; require() then works on every Node >= 22.
  // Shared chunks (tsup's splitting for CJS) keep one copy of each error class across the entries.
  {
    entry,
    format: 'cjs',
    splitting: true,
    dts: true,
    target: 'node22',
    sourcemap: true,
    shims: true,
    noExternal: ['ky', 'zod/mini'],
  },
]);
