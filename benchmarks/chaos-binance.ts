/**
 * Chaos on Binance: order intents (POST /api/v3/order, each with the caller's own `newClientOrderId`, as a form)
 * against the exchange simulator speaking Binance, under Binance's own ambiguous answers: −1007 "Timeout waiting for
 * response from backend server. Send status unknown; execution status unknown." after and before placing (HTTP 408,
 * as clients report), 5XX answers ("execution status UNKNOWN": 500 −1000, 503 −1001, 503 −1008), 504 after and
 * before, connection resets, slow answers; 20 in flight; raw axios, resolute (profiles.binance + lookups.binance())
 * and the blind peers, each on a fresh simulator with the same seed and rates. The engine is lib/chaos.ts.
 *
 * No random 429: the simulator bans an IP (418) after three arrivals inside a Retry-After window, and with 20
 * requests in flight the ones already on the wire when a 429 goes out arrive inside it, so every contender would be
 * banned; 418 handling is tested in test/integration/profiles/binance.test.ts, throttling in the storm scenarios.
 *
 * Run alone: `npx tsx benchmarks/chaos-binance.ts [--quick]`.
 */
import { createExecutor, isIndeterminateError, lookups, profiles } from '../src/index.js';
import type { FaultName } from '../src/testing/index.js';
import { type ChaosSetup, type Contender, runChaos } from './lib/chaos.js';
import { fmt, type BenchResult, type Verdict } from './lib/measure.js';
import { isMain, standalone } from './lib/report.js';
import { ATTEMPTS, BASE_DELAY_MS } from './lib/peers.js';

/** 16 % of sends fail; 6.5 % leave the order placed behind a failure (timeout-after, 504-after, reset-after, slow). */
const FAULTS: Partial<Record<FaultName, number>> = {
  '500': 0.015,
  '503': 0.015,
  overload: 0.015,
  'timeout-after': 0.02,
  'timeout-before': 0.015,
  '504-after': 0.015,
  '504-before': 0.01,
  'reset-before': 0.01,
  'reset-after': 0.015,
  slow: 0.015,
};
const AMBIGUOUS: ReadonlySet<FaultName> = new Set<FaultName>(['timeout-after', 'timeout-before', '504-after', '504-before', 'reset-before', 'reset-after', 'slow', '500', '503', 'overload']);
const VERIFY_DELAY_MS = 200;
const VERIFY_CHECKS = 6;

const resolute: Contender = {
  name: 'resolute',
  config: `createExecutor({ profile: profiles.binance, verify: lookups.binance(), maxAttempts: ${ATTEMPTS}, baseDelayMs: ${BASE_DELAY_MS}, verifyDelayMs: ${VERIFY_DELAY_MS}, verifyChecks: ${VERIFY_CHECKS}, rateLimit: false }): a not-found (−2013) counts as absent only 6 s (recvWindow 5 s + 1 s) after the first check; the profile's 50 orders / 10 s limit is off (the simulator does not count orders); retry budget and jitter at their defaults; no journal; unsigned (the simulator is started without signing)`,
  build: (http) => {
    const ex = createExecutor({
      http,
      profile: profiles.binance,
      verify: lookups.binance(),
      maxAttempts: ATTEMPTS,
      baseDelayMs: BASE_DELAY_MS,
      verifyDelayMs: VERIFY_DELAY_MS,
      verifyChecks: VERIFY_CHECKS,
      rateLimit: false,
    });
    return (c) => ex.request(c);
  },
  outcome: (e) => (isIndeterminateError(e) ? 'indeterminate' : 'failed'),
};

/** Issue 13's line for this run: resolute loses and duplicates nothing. */
function target(tallies: readonly { name: string; duplicates: number; lost: number }[]): Verdict[] {
  const r = tallies.find((t) => t.name === 'resolute');
  if (r === undefined) return [];
  const checks = [
    { check: `0 duplicates (${r.duplicates})`, pass: r.duplicates === 0 },
    { check: `0 lost (${r.lost})`, pass: r.lost === 0 },
  ];
  return [{ target: 'issue 13, Binance chaos: resolute', pass: checks.every((c) => c.pass), checks }];
}

const SETUP: ChaosSetup = {
  name: 'chaos-binance',
  title: (n, pct) => `Chaos on Binance: ${n} order intents (each with the caller's newClientOrderId), Binance simulator, ${pct} % faulty sends, 20 in flight`,
  label: 'Chaos on Binance',
  simulator: { dialect: 'binance', slowMs: 300 },
  faults: FAULTS,
  route: 'POST /api/v3/order',
  placing: 'timeout-after (−1007, HTTP 408), 504-after, reset-after and slow place the order, the others do not',
  ambiguous: AMBIGUOUS,
  request: (id, sim) => ({
    method: 'POST',
    url: sim.routes.placeOrder,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    data: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '65000', newClientOrderId: id },
  }),
  resolute,
  notes: [
    'Binance keeps newClientOrderId unique among open orders: a blind resend of a placed order is refused with 400 −2010 "Duplicate order sent.", so a peer cannot duplicate it but tells its caller the order failed (lost); −1007 arrives as HTTP 408, which axios-retry and retry-axios do not retry: an order placed behind it is reported failed',
    `ambiguous here counts every 5XX too: Binance documents 5XX as "execution status UNKNOWN" (rest-api.md), so resolute verifies them (faults ${fmt(0.045 * 100, 1)} % of sends), where the Orderly run retries 500/503`,
    'no random 429: see the scenario file (in-flight requests would land inside the Retry-After window and get every contender IP-banned by the simulator)',
  ],
  verdicts: target,
};

/** Runs the scenario. */
export function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  return runChaos(opts, SETUP);
}

if (isMain(import.meta.url)) await standalone('chaos-binance.ts', run);
