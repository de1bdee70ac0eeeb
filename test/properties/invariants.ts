/**
 * The ledger invariants of issue 11, judged on a {@link ScenarioRun} against what each simulator applied:
 *
 * - at most one effect per operation id;
 * - success ⇒ exactly one effect;
 * - a typed "not applied" failure (PermanentError, RetriesExhaustedError, DeadlineExceededError, CircuitOpenError,
 *   JournalError at record) ⇒ zero effects (and, for the record, nothing sent and nothing in the journal);
 * - IndeterminateError ⇒ it carries the operation id and the journal holds the entry pending;
 * - every rejection is a ResoluteError or the caller's abort reason;
 * - what the journal says right after the caller got its answer is true, and pending only when in doubt or when
 *   the settle failed (reported to onJournalError);
 * - nothing applied goes unreported (the caller, a reconcile report or outcomeOf says applied), and no report
 *   says "not applied" for an applied order, nor "applied" for one never applied.
 */
import { IndeterminateError, JournalError, type OperationOutcome, ResoluteError } from '../../src/index.js';
import type { IntentRun, ScenarioRun } from './run-scenario.js';

const NOT_APPLIED = new Set(['PermanentError', 'RetriesExhaustedError', 'DeadlineExceededError', 'CircuitOpenError']);

/** True for the typed failures that promise nothing was applied. */
export function promisesNotApplied(e: unknown): boolean {
  if (e instanceof JournalError) return e.stage === 'record';
  return e instanceof ResoluteError && NOT_APPLIED.has(e.name);
}

const appliedClass = (o: string): boolean => o === 'succeeded' || o === 'applied';

function describe(x: unknown): string {
  if (x instanceof Error) return `${x.name}: ${x.message.slice(0, 160)}`;
  return JSON.stringify(x)?.slice(0, 200) ?? String(x);
}

function settledTruth(label: string, o: OperationOutcome | Error | undefined, effects: number, out: string[]): void {
  if (o === undefined || o instanceof Error) {
    out.push(`${label}: outcomeOf failed: ${describe(o)}`);
    return;
  }
  if (o.state !== 'settled') return;
  if (appliedClass(o.outcome) && effects !== 1) out.push(`${label}: settled ${o.outcome} with ${effects} effects`);
  if (!appliedClass(o.outcome) && effects !== 0) out.push(`${label}: settled ${o.outcome} with ${effects} effects`);
}

function intentViolations(run: ScenarioRun, st: IntentRun): string[] {
  const out: string[] = [];
  const effects = st.sim.ledger.count(st.id);
  const posts = st.sim.arrivals.filter((a) => a.route === 'placeOrder').length;
  const r = st.result;
  if (effects > 1) out.push(`${effects} effects for one operation id`);
  if (r === undefined) return [...out, 'the caller never got an answer'];
  const failedSettle = run.journalErrors.some((e) => e.operationId === st.id && e.stage === 'settle');
  if (r.ok) {
    if (effects !== 1) out.push(`success with ${effects} effects`);
  } else {
    const e = r.error;
    if (e !== st.abortReason && !(e instanceof ResoluteError)) out.push(`untyped rejection ${describe(e)}`);
    if (promisesNotApplied(e) && effects !== 0) out.push(`${describe(e)} with ${effects} effects`);
    if (e instanceof JournalError && e.stage === 'record') {
      if (posts !== 0) out.push(`JournalError at record, yet ${posts} sends arrived`);
      if (!(st.after instanceof Error) && st.after?.state !== 'unknown') out.push(`JournalError at record, yet outcomeOf says ${st.after?.state}`);
    }
    if (e instanceof IndeterminateError) {
      if (e.operationId !== st.id) out.push(`IndeterminateError carries ${e.operationId}, not ${st.id}`);
      if (st.after instanceof Error || st.after?.state !== 'pending') out.push(`IndeterminateError, yet outcomeOf says ${describe(st.after)}`);
    }
  }
  settledTruth('right after the call', st.after, effects, out);
  const inDoubt = !r.ok && (r.error instanceof IndeterminateError || r.error === st.abortReason);
  if (!(st.after instanceof Error) && st.after?.state === 'pending' && !inDoubt && !failedSettle) {
    out.push(`pending after ${r.ok ? 'a success' : describe(r.error)} with no failed settle`);
  }
  settledTruth('after reconcile', st.final, effects, out);

  const reports = run.reports.filter((x) => x.operationId === st.id);
  const final = st.final instanceof Error ? undefined : st.final;
  const toldApplied = r.ok || reports.some((x) => appliedClass(x.outcome)) || (final?.state === 'settled' && appliedClass(final.outcome));
  const toldNot =
    (!r.ok && promisesNotApplied(r.error)) ||
    reports.some((x) => x.outcome === 'absent' || x.outcome === 'failed') ||
    (final?.state === 'settled' && !appliedClass(final.outcome));
  if (effects > 0 && !toldApplied) out.push(`applied, and reported to nobody (caller: ${r.ok ? 'ok' : describe(r.error)}; journal: ${describe(final)})`);
  if (effects > 0 && toldNot) out.push('applied, and reported not applied');
  if (effects === 0 && toldApplied) out.push('never applied, and reported applied');
  return out.map((v) => `${st.id}: ${v}`);
}

/** Every invariant broken by `run`, one line each (empty when all hold). */
export function violations(run: ScenarioRun): string[] {
  const ids = new Set(run.intents.map((st) => st.id));
  const out = run.reports.filter((r) => !ids.has(r.operationId)).map((r) => `a report for an unknown operation ${r.operationId}`);
  for (const st of run.intents) out.push(...intentViolations(run, st));
  return out;
}

/** Throws one Error listing every broken invariant (fast-check shows it with the shrunk scenario). */
export function assertHolds(run: ScenarioRun): void {
  const v = violations(run);
  if (v.length > 0) throw new Error(`${v.length} invariant(s) broken:\n  ${v.join('\n  ')}`);
}
