/**
 * The chaos engine shared by benchmarks/chaos.ts, chaos-no-id.ts (Orderly dialect) and chaos-binance.ts (a
 * `ChaosSetup` of its own): order intents against the exchange simulator under one fault mix, 20 in flight, each
 * contender on a fresh simulator with the same seed and rates; outcomes audited against the simulator's ledger.
 */
import { Agent } from 'node:http';
import axios, { type AxiosRequestConfig } from 'axios';
import { createExecutor, isIndeterminateError, lookups, profiles } from '../../src/index.js';
import { startSimulator, type FaultName, type IntentOutcome, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';
import { drive, outcomes } from './drive.js';
import { fmt, type BenchResult, type Verdict } from './measure.js';
import { ATTEMPTS, BASE_DELAY_MS, axiosRetryPeer, cockatielPeer, pRetryPeer, rawAxios, retryAxiosPeer, type Peer } from './peers.js';
import { sentInside, stampSends } from './sends.js';
import { STORM_NOTES, stormColumns, stormFigures, type StormFigures } from './storm.js';
import { stormTarget } from './target.js';

/** Same seed for every contender: the n-th send to the server gets the same fault whoever sends it. */
export const SEED = 42;
/** Intents in flight. */
export const CONCURRENCY = 20;
/** The client's axios timeout, ms. */
export const TIMEOUT_MS = 150;
/** How long the `slow` fault holds its answer, ms. */
export const SLOW_MS = 300;
/** 14 % of sends fail; 5 % leave the order placed behind a failure (504 after, reset after, slow). */
export const FAULTS: Partial<Record<FaultName, number>> = {
  '500': 0.02,
  '503': 0.02,
  overload: 0.02,
  '429': 0.005,
  '504-after': 0.02,
  '504-before': 0.015,
  'reset-before': 0.01,
  'reset-after': 0.015,
  slow: 0.015,
};
/** Faults after which the client cannot know whether the order was placed (slow: the client times out first). */
const AMBIGUOUS: ReadonlySet<FaultName> = new Set<FaultName>(['504-after', '504-before', 'reset-before', 'reset-after', 'slow']);

/**
 * `client-id`: every caller puts its own `client_order_id` in the order, which the exchange keeps unique (a
 * resend of a placed order is refused with 409 −1007). `no-id`: callers send no `client_order_id` (the
 * simulator tells intents apart by `order_tag`), so the exchange cannot refuse a resend; resolute still stamps
 * its operation id into `client_order_id` (the profile's `operationIdField`), as it does by default.
 */
export type ChaosVariant = 'client-id' | 'no-id';

/** A contender: a peer, and what its caller concludes from a rejection. */
export interface Contender extends Peer {
  /** What the caller concludes from a rejection (default: failed). */
  readonly outcome?: (error: unknown) => IntentOutcome;
}

/** How one chaos scenario is set up: its simulator and faults, each intent's request, and resolute's configuration. */
export interface ChaosSetup {
  /** The scenario's name (results file, charts). */
  readonly name: string;
  /** The scenario's title, given the intent count and the faulty share in percent. */
  readonly title: (intents: string, faultyPct: string) => string;
  /** The chart titles' prefix. */
  readonly label: string;
  /** The simulator, less the seed and the faults (the same for every contender). */
  readonly simulator: Omit<SimulatorOptions, 'seed' | 'faults'>;
  /** The random fault probabilities per send to the order route. */
  readonly faults: Partial<Record<FaultName, number>>;
  /** The order route, for the notes (e.g. `POST /v1/order`). */
  readonly route: string;
  /** Which faults place the order, for the notes. */
  readonly placing: string;
  /** Faults after which the caller cannot know whether the order was placed. */
  readonly ambiguous: ReadonlySet<FaultName>;
  /** The request placing intent `id`. */
  readonly request: (id: string, sim: Simulator) => AxiosRequestConfig;
  /** resolute as configured for this API. */
  readonly resolute: Contender;
  /** More resolute rows (other settings), run after `resolute`. */
  readonly extra?: readonly Contender[];
  /** Notes on the scenario: the fault mix comes first, then these, then the common ones. */
  readonly notes: readonly string[];
  /** The targets this run is judged by. */
  readonly verdicts: (tallies: readonly ChaosTally[]) => Verdict[];
}

const resolute: Contender = {
  name: 'resolute',
  config: `createExecutor({ profile: profiles.orderly, verify: lookups.orderly(), maxAttempts: ${ATTEMPTS}, baseDelayMs: ${BASE_DELAY_MS}, verifyDelayMs: 200, rateLimit: false }) (the simulator has no rate limit); a not-found (−1006) counts as absent only 5 s (the lookups' default settle time) after the first check; retry budget and full jitter at their defaults; no journal`,
  build: (http) => {
    const ex = createExecutor({ http, profile: profiles.orderly, verify: lookups.orderly(), maxAttempts: ATTEMPTS, baseDelayMs: BASE_DELAY_MS, verifyDelayMs: 200, rateLimit: false });
    return (c) => ex.request(c);
  },
  outcome: (e) => (isIndeterminateError(e) ? 'indeterminate' : 'failed'),
};

/** Settle time of the second resolute row: the simulator never applies an order late, so 1 s is safe here. */
const TUNED_SETTLE_MS = 1_000;
/** The same, with a settle time fitted to the simulator (a user who knows how far the exchange's lookup lags). */
const resoluteTuned: Contender = {
  name: `resolute (settleMs ${TUNED_SETTLE_MS / 1000} s)`,
  config: `as resolute, with lookups.orderly({ settleMs: ${TUNED_SETTLE_MS} }): a not-found counts as absent 1 s after the ambiguous failure; safe here only because the simulator's lookups never lag`,
  build: (http) => {
    const ex = createExecutor({ http, profile: profiles.orderly, verify: lookups.orderly({ settleMs: TUNED_SETTLE_MS }), maxAttempts: ATTEMPTS, baseDelayMs: BASE_DELAY_MS, verifyDelayMs: 200, rateLimit: false });
    return (c) => ex.request(c);
  },
  outcome: (e) => (isIndeterminateError(e) ? 'indeterminate' : 'failed'),
};

/**
 * The simulator refuses a used client_order_id for as long as the order is open, and its orders never fill: an id
 * is never freed, so `profile.dedupes` is true of it (the real Orderly frees an id when its order fills: never there).
 */
const resoluteDedupes: Contender = {
  name: 'resolute (dedupes)',
  config: `as resolute, with profile { ...profiles.orderly, dedupes: { status: 409, code: -1007 } }: an ambiguous send is resent at once with the same client_order_id; a 409 −1007 proves the first was placed and the lookup fetches it. True of the simulator, whose orders never fill; not of the real Orderly, where a filled order frees its id`,
  build: (http) => {
    const profile = { ...profiles.orderly, dedupes: { status: 409, code: -1007 } };
    const ex = createExecutor({ http, profile, verify: lookups.orderly(), maxAttempts: ATTEMPTS, baseDelayMs: BASE_DELAY_MS, verifyDelayMs: 200, rateLimit: false });
    return (c) => ex.request(c);
  },
  outcome: (e) => (isIndeterminateError(e) ? 'indeterminate' : 'failed'),
};

const CONTENDERS: readonly Contender[] = [rawAxios, resolute, axiosRetryPeer, retryAxiosPeer, pRetryPeer, cockatielPeer];

function order(id: string, variant: ChaosVariant): Record<string, unknown> {
  const base = { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: 65_000, order_quantity: 0.01 };
  return variant === 'client-id' ? { ...base, client_order_id: id } : { ...base, order_tag: id };
}

/** What one contender's run measured. */
export interface ChaosTally extends StormFigures {
  readonly name: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly indeterminate: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly requests: number;
  readonly lookups: number;
  readonly insideRetryAfter: number;
  readonly sentInsideRetryAfter: number;
  /** Of those, lookups (resolute's verify hook). */
  readonly lookupsInsideRetryAfter: number;
  readonly throttled: number;
}

async function runOne(c: Contender, intents: number, setup: ChaosSetup): Promise<ChaosTally> {
  const sim = await startSimulator({ ...setup.simulator, seed: SEED, faults: setup.faults } as SimulatorOptions);
  const agent = new Agent({ keepAlive: true });
  try {
    const http = axios.create({ baseURL: sim.url, httpAgent: agent, timeout: TIMEOUT_MS });
    const log = stampSends(http);
    const send = c.build(http);
    const run = await drive(
      intents,
      CONCURRENCY,
      'chaos',
      (id) => send(setup.request(id, sim)),
      (e) => c.outcome?.(e) ?? 'failed',
    );
    const told = outcomes(run);
    const audit = sim.ledger.audit(told);
    const count = (o: IntentOutcome): number => [...told.values()].filter((x) => x === o).length;
    const impolite = sentInside(sim.arrivals, sim.ledger.retryAfterWindows(), log);
    const ambiguous = new Set<string>();
    for (const a of sim.arrivals) if (a.intent !== undefined && a.fault !== undefined && setup.ambiguous.has(a.fault)) ambiguous.add(a.intent);
    return {
      name: c.name,
      succeeded: count('succeeded'),
      failed: count('failed'),
      indeterminate: audit.indeterminate,
      duplicates: audit.duplicates,
      lost: audit.lost,
      requests: sim.arrivals.length,
      lookups: sim.arrivals.filter((a) => a.route === 'getOrder').length,
      insideRetryAfter: sim.ledger.insideRetryAfter(),
      sentInsideRetryAfter: impolite.length,
      lookupsInsideRetryAfter: impolite.filter((a) => a.route === 'getOrder').length,
      throttled: sim.arrivals.filter((a) => a.status === 429).length,
      ...stormFigures(run, sim.ledger.retryAfterWindows(), ambiguous),
    };
  } finally {
    agent.destroy();
    await sim.close();
  }
}

/** The Orderly chaos setups: callers with their own `client_order_id` (`client-id`), or without (`no-id`). */
export function orderlySetup(variant: ChaosVariant): ChaosSetup {
  const name = variant === 'client-id' ? 'chaos' : 'chaos-no-id';
  const what = variant === 'client-id' ? 'each with the caller\'s client_order_id' : 'callers send no client_order_id';
  return {
    name,
    title: (n, pct) => `Chaos${variant === 'no-id' ? ' without a client order id' : ''}: ${n} order intents (${what}), Orderly simulator, ${pct} % faulty sends, ${CONCURRENCY} in flight`,
    label: variant === 'no-id' ? 'Chaos, no client order id' : 'Chaos',
    simulator: { dialect: 'orderly', slowMs: SLOW_MS, ...(variant === 'no-id' ? { intentKey: 'order_tag' } : {}) },
    faults: FAULTS,
    route: 'POST /v1/order',
    placing: '504-after, reset-after and slow place the order, the others do not',
    ambiguous: AMBIGUOUS,
    request: (id, sim) => ({ method: 'POST', url: sim.routes.placeOrder, data: order(id, variant) }),
    resolute,
    extra: [resoluteTuned, resoluteDedupes],
    notes: [
      variant === 'client-id'
        ? 'the simulated exchange refuses a second order with an open order\'s client_order_id (409, code −1007), as Orderly does: a blind resend after a placed order cannot duplicate it, but it becomes an error the caller sees'
        : 'the orders carry no client_order_id from the caller (the simulator tells intents apart by order_tag): the exchange cannot refuse a blind resend. resolute stamps its operation id into client_order_id (profiles.orderly.operationIdField), so its resends and lookups still name the order',
    ],
    verdicts: (tallies) => [stormTarget(tallies), stormTarget(tallies, resoluteTuned.name), stormTarget(tallies, resoluteDedupes.name)].filter((v) => v !== undefined),
  };
}

/** Runs every contender on `variant` (or a setup of its own) and returns the table, notes and charts. */
export async function runChaos(opts: { quick?: boolean }, variant: ChaosVariant | ChaosSetup): Promise<BenchResult> {
  const setup = typeof variant === 'string' ? orderlySetup(variant) : variant;
  const contenders = CONTENDERS.flatMap((c) => (c === resolute ? [setup.resolute, ...(setup.extra ?? [])] : [c]));
  const intents = opts.quick ? 400 : 2_000;
  const tallies: ChaosTally[] = [];
  for (const c of contenders) {
    process.stderr.write(`  ${setup.name}: ${c.name}…\n`);
    tallies.push(await runOne(c, intents, setup));
  }
  const n = intents.toLocaleString('en-US');
  const mix = Object.entries(setup.faults)
    .map(([f, p]) => `${f} ${fmt(p * 100, 1)} %`)
    .join(', ');
  const name = setup.name;
  const label = setup.label;
  return {
    name,
    title: setup.title(n, fmt(Object.values(setup.faults).reduce((a, b) => a + b, 0) * 100, 0)),
    rows: tallies.map((t) => ({
      contender: t.name,
      succeeded: t.succeeded,
      'failed (told)': t.failed,
      'indeterminate (told)': t.indeterminate,
      duplicates: t.duplicates,
      lost: t.lost,
      'requests / intent': fmt(t.requests / intents, 2),
      'of which lookups': t.lookups,
      '429s': t.throttled,
      'inside Retry-After': t.insideRetryAfter,
      'sent inside Retry-After': t.sentInsideRetryAfter,
      ...stormColumns(t),
    })),
    notes: [
      `fault mix per send to ${setup.route} (seed ${SEED}, the same for every contender): ${mix}; 429 carries Retry-After: 1; slow answers after ${SLOW_MS} ms, the client times out after ${TIMEOUT_MS} ms; ${setup.placing}`,
      ...setup.notes,
      'lost = the ledger and the caller disagree: placed but the caller was told it failed, or told it succeeded but never placed; indeterminate = surfaced to the caller as in doubt (not lost); duplicates = placed more than once',
      'requests / intent: every request the server received (order sends and, for resolute, its verify lookups); 429s: answers with Retry-After: 1 the contender received; inside Retry-After: requests that arrived while a window one of them opened for the (shared) key was still open; sent inside Retry-After: requests the client sent (its send time, stamped by a request interceptor) after it had heard the 429 (a response interceptor notes when) and before the server window ended; a request already on the wire, or sent before the 429 reached the client, is not one of them. resolute pauses every request on the key for the window; the peers wait (if at all) only in the request that got the 429',
      ...STORM_NOTES,
      `sent inside Retry-After, of which lookups: ${tallies.map((t) => `${t.name} ${t.sentInsideRetryAfter} (${t.lookupsInsideRetryAfter})`).join(', ')}`,
      `resolute: ${setup.resolute.config}`,
      ...contenders.filter((c) => c !== setup.resolute).map((c) => `${c.name}: ${c.config}`),
      `every contender: at most ${ATTEMPTS} sends, axios timeout ${TIMEOUT_MS} ms, a keep-alive agent; a rejection counts as "failed" unless the library says the outcome is in doubt (only resolute can)`,
    ],
    verdicts: setup.verdicts(tallies),
    charts: [
      {
        file: `${name}-outcomes.svg`,
        title: `${label}: order intents lost or duplicated, of ${n} (lower is better)`,
        categories: tallies.map((t) => t.name),
        series: [
          { name: 'lost (caller told the wrong outcome)', values: tallies.map((t) => t.lost) },
          { name: 'duplicates (placed twice)', values: tallies.map((t) => t.duplicates) },
          { name: 'indeterminate (surfaced as in doubt)', values: tallies.map((t) => t.indeterminate) },
        ],
        unit: 'order intents',
      },
      {
        file: `${name}-requests.svg`,
        title: `${label}: requests the server received per order intent`,
        categories: tallies.map((t) => t.name),
        series: [{ name: 'requests per intent (order sends + verify lookups)', values: tallies.map((t) => t.requests / intents) }],
        unit: 'requests per intent',
        digits: 2,
      },
      {
        file: `${name}-wall.svg`,
        title: `${label}: wall time, and the part of it outside the server's Retry-After windows`,
        categories: tallies.map((t) => t.name),
        series: [
          { name: 'wall s', values: tallies.map((t) => t.wallS) },
          { name: 'wall outside Retry-After windows s', values: tallies.map((t) => t.outsideS) },
        ],
        unit: 'seconds',
        digits: 1,
      },
    ],
  };
}
