import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^altegio-marketplace\/webhooks$/, replacement: src('webhooks/index.ts') },
      { find: /^altegio-marketplace\/node$/, replacement: src('node/index.ts') },
      { find: /^altegio-marketplace\/testing$/, replacement: src('testing/index.ts') },
      { find: /^altegio-marketplace\/redis$/, replacement: src('redis/index.ts') },
      { find: /^altegio-marketplace$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    unstubEnvs: true,
  },
});
