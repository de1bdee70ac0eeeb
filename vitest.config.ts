import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // One file at a time: the real-server and multi-process tests measure time and rates, and must not
    // compete for this machine's two cores with each other.
    fileParallelism: false,
  },
});
