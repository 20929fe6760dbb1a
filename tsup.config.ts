import { defineConfig, type Options } from 'tsup';

// One line per public entry: `<dist name>: <source>`. Each ships as one bundled file per format (but see
// the root entry's schema chunk below).
const entry = {
  index: 'src/index.ts',
  webhooks: 'src/webhooks/index.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
  redis: 'src/redis/index.ts',
};

// Each entry is ONE bundled file (no shared chunks between entries): a cold start reads one file, not
// a module graph. One exception, in ESM: the root entry's schemas (zod/mini with every request and answer
// schema, src/schema-chunk.ts) are a chunk of their own, which `loadSchemas()` imports on the first call,
// so importing the client never loads zod; the code both halves use is one more chunk, read at import.
// In CJS the root stays one file (esbuild inlines the `import()`, and the chunk's code runs on first use).
// The price is that each entry carries its own copy of the error classes; `instanceof` still holds
// across entries and copies because every error class checks a `Symbol.for` brand
// (src/errors/altegio-error.ts). That brand records class names; `keepNames` is NOT used to keep them
// (it wraps every closure zod creates per parse in a `__name` call, a measurable cost per webhook), so
// test/build checks that the bundler renamed no error class.
//
// ky is external in both formats and reached only through `import('ky')` (src/core/load-ky.ts), on the
// first request: it is an honest runtime dependency, and neither bundle carries a copy. zod (full and
// mini) is bundled: loading its ~95 modules from node_modules cost about 70 ms of every cold start,
// while a bundled copy parses in a few. zod stays in `dependencies` because the declaration files
// import its types (`z.infer` of the public schemas).
//
// Sourcemaps: shipped, but without `sourcesContent` (they point at src/, which is not in the package),
// so stack traces map to file and line without doubling the package size.
const common = {
  entry,
  dts: true,
  target: 'node22',
  splitting: false,
  sourcemap: true,
  external: ['ky'],
  noExternal: [/^zod/],
  esbuildOptions(options, { format }) {
    options.sourcesContent = false;
    // esbuild would turn `import('ky')` into `require('ky')` in CJS; ky is ESM-only, so keep a real
    // dynamic import, which Node allows in CJS on every supported version.
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': true };
  },
} satisfies Options;

const { index, ...others } = entry;

export default defineConfig([
  // Declarations of every entry come from the one build below, so that entries share their types.
  { ...common, entry: { index }, format: 'esm', clean: true, splitting: true, dts: false },
  { ...common, entry: others, format: 'esm', dts: { entry } },
  {
    ...common,
    format: 'cjs',
    // import.meta.url in CJS (the testing entry locates msw with it).
    shims: true,
  },
  // The `altegio-marketplace` bin (src/cli): ESM only, with a node shebang.
  {
    entry: { cli: 'src/cli/main.ts' },
    format: 'esm',
    target: 'node22',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
