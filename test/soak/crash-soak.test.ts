/**
 * The crash-point soak, short (issue 11, deliverable 6; `npm run soak` runs 200 per journal): workers placing
 * orders through a file journal and a Redis journal are SIGKILLed at random moments, 7 times each, reconcilers
 * killed too; every applied order is returned to its caller or reported by a later process, none twice applied, no
 * journal refused after a crash. Real child processes, a real redis-server, the simulator in this process.
 */
import { describe, expect, test } from 'vitest';
import { type JournalSoak, runSoak } from '../../scripts/soak/driver.js';
import { hasRedis } from '../helpers/redis-server.js';

const RUNS = 7;

function holds(r: JournalSoak): void {
  const v = r.verdict;
  expect(r.kills.startup + r.kills.reconcile + r.kills.sending).toBe(RUNS); // every worker was killed, none died alone
  expect(r.unkilled).toBe(0);
  expect(r.refused).toBe(0);
  expect(r.refusals).toEqual([]);
  expect(v.duplicates).toBe(0);
  expect(v.unreported).toEqual([]);
  expect(v.falseReports).toEqual([]);
  expect(v.untyped).toEqual([]);
  expect(v.effects).toBeGreaterThan(0); // orders were placed between the kills
}

describe('crash points, short', () => {
  test(`fileJournal: ${RUNS} SIGKILLed workers`, async () => {
    const [r] = await runSoak({ runs: RUNS, journals: ['file'], seed: 11 });
    holds(r!);
  }, 180_000);

  test.skipIf(!hasRedis)(`redisJournal: ${RUNS} SIGKILLed workers, and reconcilers beside them`, async () => {
    const [r] = await runSoak({ runs: RUNS, journals: ['redis'], seed: 11 });
    holds(r!);
  }, 180_000);
});
