/** The stall meter's arithmetic: the time of [from, to) covered by at least one stall, overlaps counted once. */
import { expect, test } from 'vitest';
import { stalledWithin, startStallMeter } from '../../benchmarks/lib/stall-meter.js';

test.each([
  [[], 0, 100, 0],
  [[[10, 20]], 0, 100, 20],
  [[[10, 20], [15, 20]], 0, 100, 25], // overlap counted once: 10..35
  [[[10, 20], [50, 5]], 0, 100, 25],
  [[[-10, 20]], 0, 100, 10], // cut at from
  [[[90, 20]], 0, 100, 10], // cut at to
  [[[10, 50], [20, 5]], 0, 100, 50], // one inside another
  [[[200, 5]], 0, 100, 0],
] as const)('stalls %j within [%i, %i) → %i ms', (stalls, from, to, ms) => {
  expect(stalledWithin(stalls, from, to)).toBe(ms);
});

test('a blocked event loop is a stall of about its length', () => {
  const meter = startStallMeter(10, 50);
  const t0 = Date.now();
  return new Promise<void>((resolve) => {
    setTimeout(() => {
      while (Date.now() - t0 < 220); // block ~200 ms after the first ticks
      setTimeout(() => {
        const stalls = meter.stop();
        const total = stalls.reduce((a, [, ms]) => a + ms, 0);
        expect(stalls.length).toBeGreaterThanOrEqual(1);
        expect(total).toBeGreaterThanOrEqual(150);
        resolve();
      }, 30);
    }, 20);
  });
});
