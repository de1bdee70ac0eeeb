/**
 * Counting: what each contender says happened (outcomes, events) against what the exchange really applied
 * (the simulator's ledger and arrivals).
 * @module
 */
import type { IntentOutcome, Simulator } from '../src/testing/index.js';
import type { Task } from './workload.js';

/** Counters fed by a contender's hooks while it runs; `null` where the contender has no such thing. */
export interface Counters {
  /** Sends repeated after a failure (resolute `onRetry`; axios-retry `onRetry`). */
  retries: number;
  /** Order POSTs resent after a 502, 504, reset or timeout: a blind resend of an order that may have been placed. */
  blindResends: number;
  /** resolute `onThrottle`: waits for a 429's window. */
  throttleWaits: number | null;
  /** resolute `onOtp`: 2FA codes asked for. */
  otpPrompts: number | null;
  /** resolute `onVerify`, by outcome. */
  verifications: { applied: number; absent: number; unknown: number } | null;
}

/** One contender's results: the rows of the table. */
export interface ContenderMetrics {
  readonly name: string;
  /** Orders plus withdrawals: the requests with a side effect. */
  readonly intents: number;
  /** What the client reported. */
  readonly succeeded: number;
  readonly failed: number;
  readonly indeterminate: number;
  /** What the exchange did (ledger audit). */
  readonly applied: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly reads: number;
  readonly readsOk: number;
  readonly retries: number;
  readonly blindResends: number;
  readonly throttleWaits: number | null;
  readonly otpPrompts: number | null;
  readonly verifications: { readonly applied: number; readonly absent: number; readonly unknown: number } | null;
  /** Every request the exchange received (lookups and 2FA resubmissions included). */
  readonly requestsSent: number;
  /** Of those, order POSTs. */
  readonly orderPosts: number;
  readonly wallMs: number;
}

/** What a contender's run produced, before it is checked against the ledger. */
export interface RunResult {
  /** By task id: orders and withdrawals. */
  readonly outcomes: ReadonlyMap<string, IntentOutcome>;
  readonly readsOk: number;
  readonly counters: Counters;
  readonly wallMs: number;
}

function idInBody(rawBody: string): string | undefined {
  try {
    const body = JSON.parse(rawBody) as Record<string, unknown> | null;
    // Withdrawals carry `ref`; resolute may also stamp its own client_order_id on them (ALP takes one there).
    const id = body?.['ref'] ?? body?.['client_order_id'];
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The simulator's intent for each task id. Orders carry their id in the intent key; withdrawals on ALP and
 * Orderly are keyed by their canonical body, so the intent is read off the arrival that carried the task's `ref`.
 */
function intentsById(sim: Simulator): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of sim.arrivals) {
    if (a.intent === undefined || (a.route !== 'placeOrder' && a.route !== 'withdraw')) continue;
    const id = idInBody(a.rawBody);
    if (id !== undefined && !out.has(id)) out.set(id, a.intent);
  }
  return out;
}

/** Checks a run against the simulator's ledger and arrivals. */
export function measure(name: string, sim: Simulator, tasks: readonly Task[], run: RunResult): ContenderMetrics {
  const intents = intentsById(sim);
  const byIntent = new Map<string, IntentOutcome>();
  let reads = 0;
  for (const task of tasks) {
    if (task.kind === 'read') {
      reads++;
      continue;
    }
    // A task that never reached the exchange has no simulator intent; its id stands in (it cannot be applied).
    byIntent.set(intents.get(task.id) ?? task.id, run.outcomes.get(task.id) ?? 'failed');
  }
  const audit = sim.ledger.audit(byIntent);
  const outcomes = [...run.outcomes.values()];
  const count = (o: IntentOutcome): number => outcomes.filter((x) => x === o).length;
  const c = run.counters;
  return {
    name,
    intents: byIntent.size,
    succeeded: count('succeeded'),
    failed: count('failed'),
    indeterminate: count('indeterminate'),
    applied: audit.applied,
    duplicates: audit.duplicates,
    lost: audit.lost,
    reads,
    readsOk: run.readsOk,
    retries: c.retries,
    blindResends: c.blindResends,
    throttleWaits: c.throttleWaits,
    otpPrompts: c.otpPrompts,
    verifications: c.verifications === null ? null : { ...c.verifications },
    requestsSent: sim.arrivals.length,
    orderPosts: sim.arrivals.filter((a) => a.route === 'placeOrder').length,
    wallMs: run.wallMs,
  };
}
