import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  webhooks: 'src/webhooks/index.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
};

export default defineConfig([
  // ESM: dependencies stay external, so an app that also uses ky or zod loads them once.
  { entry, format: 'esm', dts: true, target: 'node22', clean: true, sourcemap: true },
  // CJS: ky ships ESM only, so it is bundled here; require() then works on every Node >= 22.
  { entry, format: 'cjs', dts: true, target: 'node22', sourcemap: true, shims: true, noExternal: ['ky'] },
]);
