/**
 * Fault sequences as properties (issue 11, deliverable 5). fast-check generates, per intent, the faults its sends
 * and its verify lookups meet, a failing journal call, slow hooks, an abort at a chosen moment and a short deadline,
 * with lookups that lag; each run goes against real simulators and a real file journal (`run-scenario.ts`), and
 * every ledger invariant (`invariants.ts`) is checked. A shrunk counterexample is printed as a Scenario: paste it
 * into `regressions.test.ts`.
 *
 * `PROPERTY_RUNS` sets the number of runs (the soak runs thousands); `PROPERTY_SEED` replays one;
 * `PROPERTY_STATS=<file>` writes what the runs covered there (JSON, see `stats.ts`).
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assertHolds, violations } from './invariants.js';
import { runScenario } from './run-scenario.js';
import { CLEAN, scenario } from './scenario.js';
import { newTally, tally } from './stats.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
/** The whole file's budget, generous for a loaded machine: a run takes ~0.1–1 s. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 5_000);

describe('fault sequences against the simulator: the ledger invariants hold on every run', () => {
  test(
    `${RUNS} generated scenarios`,
    async () => {
      const t = newTally();
      const started = Date.now();
      try {
        await fc.assert(
          fc.asyncProperty(scenario, async (sc) => {
            const run = await runScenario(sc);
            tally(t, run);
            assertHolds(run);
          }),
          { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
        );
      } finally {
        const out = process.env.PROPERTY_STATS;
        if (out) writeFileSync(out, JSON.stringify({ ...t, wallMs: Date.now() - started }));
      }
      // The generator reaches what matters (these hold for any seed at 100 runs; the soak prints the counts).
      expect(t.duplicates).toBe(0);
      if (RUNS >= 100) {
        expect(t.errors.IndeterminateError ?? 0).toBeGreaterThan(0);
        expect(t.aborted).toBeGreaterThan(0);
        expect(t.appliedUnanswered).toBeGreaterThan(0);
        expect(t.reports.applied ?? 0).toBeGreaterThan(0);
      }
    },
    TIMEOUT_MS,
  );

  test(`${Math.max(20, Math.round(RUNS / 2))} generated scenarios with the API's deduplication (profile.dedupes): an ambiguous send is resent at once, and the invariants still hold`, async () => {
    const t = newTally();
    let refusedAsDuplicate = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const run = await runScenario(sc, 'proven', { dedupes: true });
        tally(t, run);
        for (const st of run.intents) refusedAsDuplicate += st.sim.arrivals.filter((a) => a.route === 'placeOrder' && a.status === 409).length;
        assertHolds(run);
      }),
      { numRuns: Math.max(20, Math.round(RUNS / 2)), ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect(t.duplicates).toBe(0);
    // The generator reaches the resend path: resends of applied orders were refused as duplicates.
    if (RUNS >= 100) expect(refusedAsDuplicate).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  test('the properties can fail: with a lookup that takes "not found" for absent while orders lag, fast-check finds a broken invariant', async () => {
    // The same generator, restricted to lag: the verify hook breaks DESIGN §6 (absent must be proven).
    const lagging = scenario.filter((sc) => sc.lagMs >= 1_000);
    const r = await fc.check(
      fc.asyncProperty(lagging, async (sc) => {
        assertHolds(await runScenario(sc, 'naive'));
      }),
      { numRuns: 200, seed: 11, endOnFailure: false },
    );
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/reported not applied|with 1 effects|reported to nobody/);
  }, 120_000);

  test('a run without faults: every intent succeeds once, nothing left pending', async () => {
    const run = await runScenario({ lagMs: 200, verifyChecks: 5, concurrent: true, reconcileAtMs: null, intents: [CLEAN, CLEAN, CLEAN] });
    expect(violations(run)).toEqual([]);
    expect(run.intents.map((st) => [st.result?.ok, st.sim.ledger.count(st.id)])).toEqual([
      [true, 1],
      [true, 1],
      [true, 1],
    ]);
    expect(run.pendingLeft).toBe(0);
    expect(run.reports).toEqual([]);
  });
});
