/**
 * Outage (issue 10, 6c): the overload scenario (200 logical GETs/s for 9 s, every request answered 503 from 2 s
 * to 7 s, switched with `sim.setFaults`), run for resolute with its circuit breaker (the default), with a
 * shorter probe interval, without it (`breaker: false`: the retry budget alone), and axios-retry. Measures the
 * sends the server received during the outage, how fast traffic came back after it (time to the first success
 * the server answered, sends/s from the end of the outage until then and in the second after), successes, and
 * failures by error class. The target: with the breaker, sends during the outage ≤ 10 % of those without it, and
 * traffic back within one probe interval (`openMs`) after the outage ends.
 *
 * Run alone: `npx tsx benchmarks/outage.ts [--quick]`.
 */
import axiosRetry from 'axios-retry';
import { BREAKER_DEFAULTS, createExecutor, isCircuitOpenError, isRetriesExhaustedError, profiles } from '../src/index.js';
import { fmt, type BenchResult } from './lib/measure.js';
import { runOutage, type OutagePlan, type OutageRun } from './lib/outage-load.js';
import { ATTEMPTS, type Peer } from './lib/peers.js';
import { isMain, standalone } from './lib/report.js';

const SEED = 42;
const TARGET = 0.1;
const SHORT_OPEN_MS = 1_000;

interface Contender extends Peer {
  /** The probe interval, when the contender has a breaker. */
  readonly openMs?: number;
}

const NO_BREAKER = 'resolute (breaker: false)';

const CONTENDERS: readonly Contender[] = [
  {
    name: 'resolute (breaker, default)',
    openMs: BREAKER_DEFAULTS.openMs,
    config: `createExecutor({ profile: profiles.orderly, maxAttempts: ${ATTEMPTS} }): the default breaker { failureRatio: ${BREAKER_DEFAULTS.failureRatio}, minimumCalls: ${BREAKER_DEFAULTS.minimumCalls}, windowCalls: ${BREAKER_DEFAULTS.windowCalls}, windowMs: ${BREAKER_DEFAULTS.windowMs}, minimumSpanMs: ${BREAKER_DEFAULTS.minimumSpanMs}, openMs: ${BREAKER_DEFAULTS.openMs}, halfOpenProbes: ${BREAKER_DEFAULTS.halfOpenProbes} } and the default retry budget`,
    build: (http) => {
      const ex = createExecutor({ http, profile: profiles.orderly, maxAttempts: ATTEMPTS });
      return (c) => ex.request(c);
    },
  },
  {
    name: `resolute (breaker, openMs ${SHORT_OPEN_MS})`,
    openMs: SHORT_OPEN_MS,
    config: `the same with breaker: { openMs: ${SHORT_OPEN_MS} } (a probe every second)`,
    build: (http) => {
      const ex = createExecutor({ http, profile: profiles.orderly, maxAttempts: ATTEMPTS, breaker: { openMs: SHORT_OPEN_MS } });
      return (c) => ex.request(c);
    },
  },
  {
    name: NO_BREAKER,
    config: `the same with breaker: false (the retry budget alone: retries ≤ 20 % of requests + 5/s)`,
    build: (http) => {
      const ex = createExecutor({ http, profile: profiles.orderly, maxAttempts: ATTEMPTS, breaker: false });
      return (c) => ex.request(c);
    },
  },
  {
    name: 'axios-retry',
    config: `axiosRetry(http, { retries: ${ATTEMPTS - 1}, retryDelay: exponentialDelay }) (its default retryCondition retries 5xx on a GET)`,
    build: (http) => {
      axiosRetry(http, { retries: ATTEMPTS - 1, retryDelay: axiosRetry.exponentialDelay });
      return (c) => http.request(c);
    },
  },
];

interface Figures {
  readonly name: string;
  readonly openMs: number | undefined;
  readonly logicalInOutage: number;
  readonly sentInOutage: number;
  /** From the end of the outage to the first success the server answered, ms (NaN when the run ended first). */
  readonly resumeMs: number;
  /** From the end of the outage to the end of the run, ms. */
  readonly afterMs: number;
  readonly sendsPerSecUntilResume: number;
  readonly sendsPerSecAfterResume: number;
  readonly succeeded: number;
  readonly circuitOpen: number;
  readonly exhaustedAttempts: number;
  readonly exhaustedBudget: number;
  readonly other: number;
}

function figures(c: Contender, r: OutageRun): Figures {
  const { settled, arrivals, outageOn, outageOff } = r;
  const sentIn = (from: number, to: number): number => arrivals.filter((a) => a.at >= from && a.at < to).length;
  const resumedAt = arrivals.find((a) => a.at >= outageOff && a.status === 200)?.at ?? Number.NaN;
  const resumeMs = resumedAt - outageOff;
  const errors = settled.flatMap((s) => (s.error === undefined ? [] : [s.error]));
  const exhausted = errors.filter(isRetriesExhaustedError);
  const circuitOpen = errors.filter(isCircuitOpenError).length;
  return {
    name: c.name,
    openMs: c.openMs,
    logicalInOutage: settled.filter((s) => s.startedAt >= outageOn && s.startedAt < outageOff).length,
    sentInOutage: sentIn(outageOn, outageOff),
    resumeMs,
    afterMs: Math.max(...settled.map((x) => x.startedAt)) - outageOff,
    sendsPerSecUntilResume: resumeMs > 0 ? (sentIn(outageOff, resumedAt) * 1000) / resumeMs : Number.NaN,
    sendsPerSecAfterResume: sentIn(resumedAt, resumedAt + 1000),
    succeeded: settled.length - errors.length,
    circuitOpen,
    exhaustedAttempts: exhausted.filter((e) => e.reason === 'attempts').length,
    exhaustedBudget: exhausted.filter((e) => e.reason === 'budget').length,
    other: errors.length - exhausted.length - circuitOpen,
  };
}

/** Runs the scenario. */
export async function run(opts: { quick?: boolean } = {}): Promise<BenchResult> {
  const plan: OutagePlan = opts.quick
    ? { rate: 100, totalMs: 4_500, outageFromMs: 1_000, outageToMs: 3_500 }
    : { rate: 200, totalMs: 9_000, outageFromMs: 2_000, outageToMs: 7_000 };
  const all: Figures[] = [];
  for (const c of CONTENDERS) {
    process.stderr.write(`  outage: ${c.name}…\n`);
    all.push(figures(c, await runOutage(c, plan, SEED)));
  }
  const without = all.find((f) => f.name === NO_BREAKER)!.sentInOutage;
  const s = (ms: number): string => fmt(ms / 1000, 1);
  const ratio = (f: Figures): string => (f.openMs === undefined ? '—' : `${fmt((100 * f.sentInOutage) / without, 1)} %`);
  const within = (f: Figures): string => {
    if (f.openMs === undefined) return '—';
    if (Number.isNaN(f.resumeMs)) return `not seen: the run ended ${Math.round(f.afterMs)} ms after the outage`;
    return f.resumeMs <= f.openMs ? `yes (≤ ${f.openMs})` : `NO (> ${f.openMs})`;
  };
  return {
    name: 'outage',
    title: `Outage: ${plan.rate} logical GETs/s for ${s(plan.totalMs)} s, every request answered 503 from ${s(plan.outageFromMs)} s to ${s(plan.outageToMs)} s, with and without the circuit breaker`,
    rows: all.map((f) => ({
      contender: f.name,
      'logical requests in the outage': f.logicalInOutage,
      'sends in the outage': f.sentInOutage,
      'vs breaker: false': ratio(f),
      'ms to resume after it': Number.isNaN(f.resumeMs) ? `> ${Math.round(f.afterMs)}` : Math.round(f.resumeMs),
      'within one probe interval': within(f),
      'sends/s from its end to resuming': Number.isNaN(f.sendsPerSecUntilResume) ? '—' : fmt(f.sendsPerSecUntilResume, 1),
      'sends in the 1st s after resuming': f.sendsPerSecAfterResume,
      succeeded: f.succeeded,
      CircuitOpenError: f.circuitOpen,
      'RetriesExhausted (attempts)': f.exhaustedAttempts,
      'RetriesExhausted (budget)': f.exhaustedBudget,
      'other failures': f.other,
    })),
    notes: [
      `open loop: one logical GET of the ticker route every ${fmt(1000 / plan.rate, 1)} ms whatever happens to the earlier ones; the outage is sim.setFaults({ '503': 1 }), then sim.setFaults({}); the server counts what it received`,
      `the issue's target: with the breaker, sends during the outage ≤ ${TARGET * 100} % of those without it (column "vs breaker: false"), and the first success within one probe interval (openMs) after the outage ends`,
      'ms to resume: from the end of the outage to the first request the server answered 200; an open circuit lets its next probe through at most openMs after the failure that (re)opened it',
      'axios-retry and resolute without the breaker resume at once: they never stop sending (every logical request of the outage reached the server, plus retries)',
      ...CONTENDERS.map((c) => `${c.name}: ${c.config}`),
      'axios timeout 2,000 ms, a keep-alive agent, a fresh simulator (seed 42) per contender; the machine is shared: other processes load it during the run',
    ],
    charts: [
      {
        file: 'outage.svg',
        title: 'Outage: requests the server received during a 503 outage (lower is better)',
        categories: all.map((f) => f.name),
        series: [
          { name: 'sends in the outage', values: all.map((f) => f.sentInOutage) },
          { name: 'logical requests in the outage', values: all.map((f) => f.logicalInOutage) },
        ],
        unit: 'requests',
        reference: { value: TARGET * without, label: `target: ${TARGET * 100} % of breaker: false` },
      },
    ],
  };
}

if (isMain(import.meta.url)) await standalone('outage.ts', run);
