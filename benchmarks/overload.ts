/**
 * Overload: an outage window (the simulator answers 503 to every request for 5 s, switched with
 * `sim.setFaults`) under an open-loop load of 200 logical GETs per second for 9 s (outage from 2 s to 7 s).
 * Measures retry amplification (requests the server received per logical request), overall and during the
 * outage, for resolute with its default retry budget (20 % of requests + 5/s), resolute with
 * `retryBudget: false`, and axios-retry, all with 5 sends at most; and how many logical requests failed fast
 * with `RetriesExhaustedError` reason 'budget'. The target: amplification ≤ 1.25 with the budget.
 *
 * Run alone: `npx tsx benchmarks/overload.ts [--quick]`.
 */
import axiosRetry from 'axios-retry';
import { createExecutor, isRetriesExhaustedError, profiles } from '../src/index.js';
import { fmt, percentile, type BenchResult } from './lib/measure.js';
import { runOutage, type OutagePlan } from './lib/outage-load.js';
import { ATTEMPTS, type Peer } from './lib/peers.js';
import { isMain, standalone } from './lib/report.js';

const SEED = 42;
const TARGET = 1.25;

const CONTENDERS: readonly Peer[] = [
  {
    name: 'resolute (retry budget)',
    config: `createExecutor({ profile: profiles.orderly, maxAttempts: ${ATTEMPTS}, breaker: false }): the default budget { ratio: 0.2, minPerSecond: 5, ttlMs: 10_000 }, baseDelayMs 250, full jitter; the circuit breaker (on by default) is off here to measure the budget alone: outage.ts measures it`,
    build: (http) => {
      const ex = createExecutor({ http, profile: profiles.orderly, maxAttempts: ATTEMPTS, breaker: false });
      return (c) => ex.request(c);
    },
  },
  {
    name: 'resolute (retryBudget: false)',
    config: `the same with retryBudget: false`,
    build: (http) => {
      const ex = createExecutor({ http, profile: profiles.orderly, maxAttempts: ATTEMPTS, retryBudget: false, breaker: false });
      return (c) => ex.request(c);
    },
  },
  {
    name: 'axios-retry',
    config: `axiosRetry(http, { retries: ${ATTEMPTS - 1}, retryDelay: exponentialDelay }) (its default retryCondition retries 5xx on a GET): 200, 400, 800, 1,600 ms +0–20 %`,
    build: (http) => {
      axiosRetry(http, { retries: ATTEMPTS - 1, retryDelay: axiosRetry.exponentialDelay });
      return (c) => http.request(c);
    },
  },
];

interface Tally {
  readonly name: string;
  readonly logical: number;
  readonly sent: number;
  readonly logicalInOutage: number;
  readonly sentInOutage: number;
  readonly succeeded: number;
  readonly budget: number;
  readonly attempts: number;
  readonly other: number;
  readonly p99Ms: number;
}

async function runOne(c: Peer, plan: OutagePlan): Promise<Tally> {
  const { settled, arrivals, outageOn, outageOff } = await runOutage(c, plan, SEED);
  const inOutage = (t: number): boolean => t >= outageOn && t < outageOff;
  const failed = settled.filter((r) => r.error !== undefined).map((r) => r.error);
  const exhausted = failed.filter(isRetriesExhaustedError);
  return {
    name: c.name,
    logical: settled.length,
    sent: arrivals.length,
    logicalInOutage: settled.filter((r) => inOutage(r.startedAt)).length,
    sentInOutage: arrivals.filter((a) => inOutage(a.at)).length,
    succeeded: settled.length - failed.length,
    budget: exhausted.filter((e) => e.reason === 'budget').length,
    attempts: exhausted.filter((e) => e.reason === 'attempts').length,
    other: failed.length - exhausted.length,
    p99Ms: percentile(
      settled.filter((r) => r.error === undefined).map((r) => r.endedAt - r.startedAt),
      99,
    ),
  };
}

/** Runs the scenario. */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const plan: OutagePlan = opts.quick
    ? { rate: 100, totalMs: 4_500, outageFromMs: 1_000, outageToMs: 3_500 }
    : { rate: 200, totalMs: 9_000, outageFromMs: 2_000, outageToMs: 7_000 };
  const tallies: Tally[] = [];
  for (const c of CONTENDERS) {
    process.stderr.write(`  overload: ${c.name}…\n`);
    tallies.push(await runOne(c, plan));
  }
  const s = (ms: number): string => fmt(ms / 1000, 1);
  return {
    name: 'overload',
    title: `Overload: ${plan.rate} logical GETs/s for ${s(plan.totalMs)} s, every request answered 503 from ${s(plan.outageFromMs)} s to ${s(plan.outageToMs)} s`,
    rows: tallies.map((t) => ({
      contender: t.name,
      'logical requests': t.logical,
      'requests sent': t.sent,
      'amplification (overall)': fmt(t.sent / t.logical, 2),
      'amplification (outage)': fmt(t.sentInOutage / t.logicalInOutage, 2),
      succeeded: t.succeeded,
      'failed fast (budget)': t.budget,
      'failed (attempts)': t.attempts,
      'failed (other)': t.other,
      'p99 ms (succeeded)': Math.round(t.p99Ms),
    })),
    notes: [
      `open loop: one logical GET of the ticker route every ${fmt(1000 / plan.rate, 1)} ms whatever happens to the earlier ones; the outage is sim.setFaults({ '503': 1 }), then sim.setFaults({})`,
      'amplification (overall) = requests the server received / logical requests; (outage) = requests that arrived during the outage / logical requests started during it',
      `the issue's target: ≤ ${TARGET} with the budget. The budget lets retries reach 20 % of the logical requests of the last 10 s and, within any second, 20 % of that second's requests (plus a floor of 5/s): what the healthy seconds before the outage deposited cannot be spent at once`,
      ...CONTENDERS.map((c) => `${c.name}: ${c.config}`),
      'axios timeout 2,000 ms, a keep-alive agent, a fresh simulator (seed 42) per contender',
    ],
    charts: [
      {
        file: 'overload.svg',
        title: 'Overload: requests sent per logical request during a 503 outage (lower is better)',
        categories: tallies.map((t) => t.name),
        series: [
          { name: 'during the outage', values: tallies.map((t) => t.sentInOutage / t.logicalInOutage) },
          { name: 'whole run', values: tallies.map((t) => t.sent / t.logical) },
        ],
        unit: 'requests sent per logical request',
        digits: 2,
        reference: { value: TARGET, label: `target ${TARGET}` },
      },
    ],
  };
}

if (isMain(import.meta.url)) await standalone('overload.ts', run);
