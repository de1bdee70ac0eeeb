/**
 * Chaos: 2,000 order intents (POST /v1/order, each with the caller's own `client_order_id`) against the exchange
 * simulator (Orderly dialect) under one fault mix (500, 503, overload, 429, 504 applied, 504 dropped, resets
 * before and after, slow), 20 in flight; raw axios, resolute, axios-retry, retry-axios, p-retry and cockatiel,
 * each on a fresh simulator with the same seed and rates. Measures from the simulator's ledger and arrival log:
 * intents succeeded, duplicates, lost, indeterminate outcomes surfaced to the caller, requests per intent,
 * requests inside a Retry-After window (arrived, and sent after the client heard the 429), wall time and wall time
 * outside the server's Retry-After windows, latency p50/p99 of successes, time to certainty p50/p99 of ambiguous
 * intents; issue 10's target marked pass/fail. Engine: lib/chaos.ts; the same shape of run on a server that is not
 * the simulator: chaos-independent.ts.
 *
 * Run alone: `npx tsx benchmarks/chaos.ts [--quick]`.
 */
import { runChaos } from './lib/chaos.js';
import type { BenchResult } from './lib/measure.js';
import { isMain, standalone } from './lib/report.js';

/** Runs the scenario. */
export function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  return runChaos(opts, 'client-id');
}

if (isMain(import.meta.url)) await standalone('chaos.ts', run);
