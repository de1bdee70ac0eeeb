/**
 * What the generated runs covered, counted (the soak prints it: a property that never met an abort in flight or an
 * order left in doubt would prove little).
 */
import { ResoluteError } from '../../src/index.js';
import type { ScenarioRun } from './run-scenario.js';

/** Counters over many runs. */
export interface Tally {
  runs: number;
  intents: number;
  sends: number;
  lookups: number;
  effects: number;
  duplicates: number;
  succeeded: number;
  /** Callers that got their own abort reason. */
  aborted: number;
  /** Callers' rejections by error name. */
  errors: Record<string, number>;
  /** Intents applied although their caller got no response (reported later, by reconcile or outcomeOf). */
  appliedUnanswered: number;
  /** Final reconcile reports by outcome. */
  reports: Record<string, number>;
  journalErrors: number;
  pendingLeft: number;
}

/** An empty tally. */
export function newTally(): Tally {
  return { runs: 0, intents: 0, sends: 0, lookups: 0, effects: 0, duplicates: 0, succeeded: 0, aborted: 0, errors: {}, appliedUnanswered: 0, reports: {}, journalErrors: 0, pendingLeft: 0 };
}

/** Adds `run` to `t`. */
export function tally(t: Tally, run: ScenarioRun): void {
  t.runs++;
  t.journalErrors += run.journalErrors.length;
  t.pendingLeft += run.pendingLeft;
  for (const r of run.reports) t.reports[r.outcome] = (t.reports[r.outcome] ?? 0) + 1;
  for (const st of run.intents) {
    const n = st.sim.ledger.count(st.id);
    t.intents++;
    t.sends += st.sends;
    t.lookups += st.lookups;
    t.effects += n;
    if (n > 1) t.duplicates++;
    const r = st.result;
    if (r?.ok) t.succeeded++;
    else if (r !== undefined && r.error === st.abortReason) t.aborted++;
    else if (r !== undefined) {
      const name = r.error instanceof ResoluteError ? r.error.name : `untyped ${(r.error as Error)?.name ?? typeof r.error}`;
      t.errors[name] = (t.errors[name] ?? 0) + 1;
    }
    if (n > 0 && !r?.ok) t.appliedUnanswered++;
  }
}
