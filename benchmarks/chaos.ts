/**
 * Chaos: 2,000 order intents (POST /v1/order, each with the caller's own `client_order_id`) against the exchange
 * simulator (Orderly dialect) under one fault mix (500, 503, overload, 429, 504 applied, 504 dropped, resets
 * before and after, slow), 20 in flight; raw axios, resolute, axios-retry, retry-axios, p-retry and cockatiel,
 * each on a fresh simulator with the same seed and rates. Measures from the simulator's ledger and arrival log:
 * intents succeeded, duplicates, lost, indeterminate outcomes surfaced to the caller, requests per intent,
 * requests inside a Retry-After window, wall time. Engine: lib/chaos.ts.
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
