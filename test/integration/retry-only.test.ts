/**
 * The executor against the real simulator, every dialect, a mixed fault profile of retryable faults only:
 * every intent applied exactly once, none lost, no request inside a Retry-After window (server counts).
 */
import http from 'node:http';
import axios from 'axios';
import { afterAll, describe, expect, test } from 'vitest';
import { createExecutor, profiles } from '../../src/index.js';
import { startSimulator, type DialectName, type FaultName, type Simulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';

/** Faults each dialect answers in a way that says "not applied, try again". */
const RETRY_ONLY: Record<Exclude<DialectName, 'binance' | 'bybit' | 'okx'>, Partial<Record<FaultName, number>>> = {
  infinex: { '500': 0.08, '503': 0.08, '429': 0.04, malformed: 0.05, empty: 0.05 },
  batchdata: { '500': 0.08, '503': 0.08, '429-no-retry-after': 0.06, empty: 0.06 },
  alp: { '500': 0.06, '503': 0.06, overload: 0.08, '429': 0.04, empty: 0.03, malformed: 0.03 },
  // Orderly's 500/503 carry −1000 UNKNOWN, which is ambiguous for an order: not in a retry-only mix.
  orderly: { overload: 0.15, '429': 0.05, '429-no-retry-after': 0.05 },
};

const INTENTS = 30;
const sims: Simulator[] = [];
const agent = new http.Agent({ keepAlive: true });
afterAll(async () => {
  agent.destroy();
  await Promise.all(sims.map((s) => s.close()));
});

describe('every dialect, retry-only faults, through the executor', () => {
  test.concurrent.each(['infinex', 'batchdata', 'alp', 'orderly'] as const)('%s: each intent applied exactly once, none lost, none inside Retry-After', async (dialect) => {
    const sim = await startSimulator({ dialect, faults: RETRY_ONLY[dialect], seed: 42, ...(dialect === 'infinex' || dialect === 'batchdata' ? { intentKey: 'ref' } : {}) });
    sims.push(sim);
    const executor = createExecutor({
      http: axios.create({ baseURL: sim.url, httpAgent: agent }),
      profile: profiles[dialect],
      maxAttempts: 8,
      baseDelayMs: 5,
      maxDelayMs: 40,
      deadlineMs: 20_000,
      adaptive: false, // AIMD after a 429 would slow this short sequential run down
      retryBudget: false, // a 25 % fault rate on a short sequential run would spend the budget: not what this test is about
    });
    const outcomes = new Map<string, 'succeeded' | 'failed' | 'indeterminate'>();
    for (let i = 0; i < INTENTS; i++) {
      const intent = `${dialect}-${i}`;
      try {
        await executor.request({ method: 'POST', url: sim.routes.placeOrder, data: orderBody(dialect, intent), headers: { Authorization: 'Bearer k1' } });
        outcomes.set(intent, 'succeeded');
      } catch (e) {
        outcomes.set(intent, (e as Error).name === 'IndeterminateError' ? 'indeterminate' : 'failed');
      }
    }
    const audit = sim.ledger.audit(outcomes);
    expect(audit).toMatchObject({ intents: INTENTS, applied: INTENTS, duplicates: 0, lost: 0, indeterminate: 0 });
    expect([...outcomes.values()].every((o) => o === 'succeeded')).toBe(true);
    expect(sim.ledger.insideRetryAfter()).toBe(0);
    const faulted = sim.arrivals.filter((a) => a.fault !== undefined).length;
    expect(faulted).toBeGreaterThan(0); // the faults really happened
    expect(sim.arrivals.length).toBe(INTENTS + faulted);
  });
});
