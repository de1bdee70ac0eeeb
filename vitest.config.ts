import { defineConfig } from 'vitest/config';

/**
 * Tests that measure real time, rates or throughput against real servers and processes (simulator, fastify,
 * express, redis-server, child processes). They hold under `stress-ng --cpu 2`; `.ci/run` runs them once more
 * under that load (`npx vitest run --project timing --project timing-alone`).
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
 * Timing tests that measure how much of a rate limit gets used, against real servers or a limiter shared through
 * Redis by several processes: they run after everything else, one file at a time. Under `stress-ng --cpu 2` a
 * neighbouring file with its own child processes costs them several per cent: real-servers measured 93.5 % and
 * 94.1 % beside test/integration/breaker.test.ts (98.9–101.0 % alone); the four Redis-sharing workers sending to
 * the simulator 179 of 200 (their limiter's margin follows the lag it measures, and a loaded neighbour raises it).
 */
const TIMING_ALONE = ['test/integration/real-servers.test.ts', 'test/integration/redis-limiter.test.ts'];
/** The short crash soak (SIGKILLed workers): run once by `.ci/run`, under load, not by `npm test`. */
const SOAK = ['test/soak/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two files at a time on this project's two cores: the timing tests hold under a loaded CPU (they must pass
    // with stress-ng --cpu 2 running), so a second test file beside them is no excuse to fail. Only the few that
    // measure the share of a limit used (TIMING_ALONE) run alone, and under that load too.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...TIMING, ...SOAK] } },
      { extends: true, test: { name: 'timing', include: TIMING, exclude: TIMING_ALONE } },
      { extends: true, test: { name: 'timing-alone', include: TIMING_ALONE, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'soak', include: SOAK } },
    ],
  },
});
