import { defineConfig } from 'vitest/config';

/**
 * Tests that measure real time, rates or throughput against real servers and processes (simulator, fastify,
 * express, redis-server, child processes). They hold under `stress-ng --cpu 2`; `.ci/run` runs them once more
 * under that load (`npx vitest run --project timing`).
 */
const TIMING = [
  'test/integration/**/*.test.ts',
  'test/demo/**/*.test.ts',
  'test/limiter/redis*.test.ts',
  'test/breaker/redis.test.ts',
  'test/journal/crash-after-settle.test.ts',
  'test/benchmarks/order-server.test.ts',
];
/**
 * Timing tests that measure how much of a real server's limit is used: they run after everything else, one file at
 * a time. Under `stress-ng --cpu 2` a neighbouring file with its own child processes takes enough CPU in steps too
 * short for the stall meter (under 50 ms) to cost the pacing several per cent (measured: 93.5 % and 94.1 % beside
 * test/integration/breaker.test.ts, 98.9–101.0 % alone).
 */
const TIMING_ALONE = ['test/integration/real-servers.test.ts'];
/** The short crash soak (SIGKILLed workers): run once by `.ci/run`, under load, not by `npm test`. */
const SOAK = ['test/soak/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two files at a time on this project's two cores: the timing tests hold under a loaded CPU (they must pass
    // with stress-ng --cpu 2 running), so a second test file beside them is no excuse to fail.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...TIMING, ...SOAK] } },
      { extends: true, test: { name: 'timing', include: TIMING, exclude: TIMING_ALONE } },
      { extends: true, test: { name: 'timing-alone', include: TIMING_ALONE, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'soak', include: SOAK } },
    ],
  },
});
