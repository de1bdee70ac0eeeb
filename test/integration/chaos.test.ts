/**
 * 1,000 order intents against the simulator with 10 % ambiguous faults (plus retryable ones), 25 in flight:
 * zero duplicates, zero lost (counted in the server's ledger).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterAll, expect, test } from 'vitest';
import { createExecutor, fileJournal, lookups, profiles } from '../../src/index.js';
import { startSimulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'resolute-chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('1,000 intents, 10 % ambiguous faults: zero duplicates, zero lost', async () => {
  const sim = await startSimulator({
    dialect: 'orderly',
    seed: 7,
    slowMs: 250,
    faults: { '504-after': 0.025, '504-before': 0.025, 'reset-after': 0.02, 'reset-before': 0.015, slow: 0.015, overload: 0.03, '503': 0.02 },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 25 });
  const journal = fileJournal(join(dir, 'chaos.journal'));
  const executor = createExecutor({
    http: axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 150 }),
    profile: { ...profiles.orderly, rateLimits: [] }, // the 10/s documented limit is not what this test is about
    journal,
    verify: lookups.orderly({ settleMs: 100 }), // the simulator applies at once; the settle time is the verify rule's
    verifyDelayMs: 20,
    baseDelayMs: 5,
    maxDelayMs: 50,
    maxAttempts: 8,
    retryBudget: false,
    // Nor is the circuit breaker: on a loaded machine the in-process simulator can answer past the 150 ms timeout
    // for a while, which the breaker rightly reads as an outage, and then fails the intents fast (tested elsewhere).
    breaker: false,
  });
  const outcomes = new Map<string, 'succeeded' | 'failed' | 'indeterminate'>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      for (let i = next++; i < 1_000; i = next++) {
        const id = `c-${i}`;
        try {
          await executor.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', id) });
          outcomes.set(id, 'succeeded');
        } catch (e) {
          outcomes.set(id, (e as Error).name === 'IndeterminateError' ? 'indeterminate' : 'failed');
        }
      }
    }),
  );
  const audit = sim.ledger.audit(outcomes);
  const ambiguous = sim.arrivals.filter((a) => a.fault && ['504-after', '504-before', 'reset-after', 'reset-before', 'slow'].includes(a.fault)).length;
  expect(ambiguous).toBeGreaterThan(70); // ≈10 % of the first sends really were ambiguous
  expect(audit.duplicates).toBe(0);
  expect(audit.lost).toBe(0);
  expect(audit.applied).toBe(1_000);
  expect([...outcomes.values()].filter((o) => o !== 'succeeded')).toEqual([]);
  expect(await journal.pending()).toEqual([]);
  await journal.close();
  agent.destroy();
  await sim.close();
}, 60_000);
