/**
 * Fuzzed error bodies through the whole executor (see test/helpers/fuzz-bodies.ts): never a rejection outside the
 * set, no crash, classification by status and method as the oracle says, every body handled in bounded time.
 * FUZZ_RUNS (default 2,000) and FUZZ_SEED select the run; `npx tsx scripts/fuzz-bodies.ts` runs 50,000 with figures.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { bodyCase, checkCase, percentile, runCase } from '../helpers/fuzz-bodies.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
/** A body that takes longer than this (wall time, loaded machine included) is a defect, not noise. */
const MAX_MS_PER_BODY = 2_000;

test(`${RUNS} hostile bodies × five profiles × statuses × methods: typed, classified, bounded`, { timeout: 120_000 }, async () => {
  const times: number[] = [];
  const outcomes = new Map<string, number>();
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  await fc.assert(
    fc.asyncProperty(bodyCase, async (c) => {
      const r = await runCase(c);
      times.push(r.ms);
      outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
      expect(checkCase(r, MAX_MS_PER_BODY)).toEqual([]);
    }),
    { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) },
  );
  // every outcome the oracle can expect was reached, so the property is not vacuous
  for (const o of ['success', 'PermanentError', 'TwoFactorError', 'IndeterminateError']) expect(outcomes.get(o) ?? 0, o).toBeGreaterThan(0);
  expect(outcomes.get('other') ?? 0).toBe(0);
  process.stdout.write(`fuzz: ${RUNS} bodies, p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${Math.max(...times).toFixed(1)} ms; ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
});
