/**
 * Chaos without a client order id: the chaos scenario (lib/chaos.ts) with orders that carry no caller-supplied
 * `client_order_id`, so the exchange cannot refuse a blind resend of an order it already placed. Shows what
 * each contender's retries do to the ledger when the API has no idempotency key in the request; resolute stamps
 * its own operation id into `client_order_id`, as its Orderly profile does by default.
 *
 * Run alone: `npx tsx benchmarks/chaos-no-id.ts [--quick]`.
 */
import { runChaos } from './lib/chaos.js';
import type { BenchResult } from './lib/measure.js';
import { isMain, standalone } from './lib/report.js';

/** Runs the scenario. */
export function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  return runChaos(opts, 'no-id');
}

if (isMain(import.meta.url)) await standalone('chaos-no-id.ts', run);
