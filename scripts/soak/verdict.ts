/**
 * What the application learned, gathered from every process's lines, judged against the simulator's ledger:
 * duplicates, applied orders reported to nobody, reports that are false, journals refused.
 */
import type { Line } from './lines.js';

const APPLIED = new Set(['ok', 'succeeded', 'applied']);
/** Every rejection a caller may get here: resolute's typed errors (no abort signal in the soak). */
const TYPED = new Set(['PermanentError', 'RetriesExhaustedError', 'TwoFactorError', 'IndeterminateError', 'DeadlineExceededError', 'JournalError', 'CircuitOpenError']);
/** Caller errors that promise nothing was applied (JournalError here is always the record's: settles never throw). */
const NOT_APPLIED = new Set(['PermanentError', 'RetriesExhaustedError', 'DeadlineExceededError', 'CircuitOpenError', 'JournalError', 'failed', 'absent']);

/** Everything heard from the workers of one journal. */
export class Knowledge {
  /** Ids the application recorded before calling (its own store), in order. */
  readonly intents = new Set<string>();
  /** What each id's caller got. */
  readonly results = new Map<string, string>();
  /** Everything a later process told: reconcile reports and outcomeOf answers (outcome, or `pending`/`unknown`). */
  readonly told = new Map<string, string[]>();
  refused = 0;
  refusals: string[] = [];

  /** Takes one line in. */
  hear(l: Line): void {
    switch (l.kind) {
      case 'intent':
        this.intents.add(l.id);
        return;
      case 'result':
        this.results.set(l.id, l.outcome);
        return;
      case 'report':
        this.tell(l.id, l.outcome);
        return;
      case 'outcome':
        this.tell(l.id, l.state === 'settled' ? l.outcome : l.state);
        return;
      case 'refused':
        this.refused++;
        this.refusals.push(l.message);
        return;
      default:
    }
  }

  private tell(id: string, what: string): void {
    const list = this.told.get(id) ?? [];
    list.push(what);
    this.told.set(id, list);
  }

  /** Ids the application has no final word on yet (no result, nothing told but `pending`/`unknown`): asked again at start. */
  open(): string[] {
    return [...this.intents].filter((id) => !this.results.has(id) && !(this.told.get(id) ?? []).some((t) => APPLIED.has(t) || NOT_APPLIED.has(t)));
  }
}

/** The soak's verdict for one journal. */
export interface Verdict {
  readonly intents: number;
  readonly effects: number;
  readonly duplicates: number;
  /** Applied at the exchange, and neither returned to a caller nor reported applied by a later process. */
  readonly unreported: string[];
  /** A report or result that contradicts the ledger (not applied for an applied order, or the reverse). */
  readonly falseReports: string[];
  /** Intents neither answered nor settled at the end (still in doubt: reconcile says `unknown`). */
  readonly inDoubt: number;
  /** Callers that got something other than a response or a typed error. */
  readonly untyped: string[];
  /** Applied orders whose caller never got the response (killed first), reported applied by a later process. */
  readonly reportedLater: number;
}

/** Judges `k` against the ledger's per-intent counts. */
export function judge(k: Knowledge, count: (id: string) => number, effectIds: readonly string[]): Verdict {
  let reportedLater = 0;
  const unreported: string[] = [];
  const falseReports: string[] = [];
  let effects = 0;
  let duplicates = 0;
  for (const id of new Set(effectIds)) {
    const n = count(id);
    effects += n;
    if (n > 1) duplicates++;
    if (!k.intents.has(id)) unreported.push(`${id} (an effect for an id the application never recorded)`);
  }
  for (const id of k.intents) {
    const n = count(id);
    const words = [...(k.told.get(id) ?? []), ...(k.results.has(id) ? [k.results.get(id)!] : [])];
    const applied = words.some((w) => APPLIED.has(w));
    const not = words.some((w) => NOT_APPLIED.has(w));
    if (n > 0 && applied && k.results.get(id) !== 'ok') reportedLater++;
    if (n > 0 && !applied) unreported.push(`${id}: applied, told ${words.join(',') || 'nothing'}`);
    if (n > 0 && not) falseReports.push(`${id}: applied, told ${words.join(',')}`);
    if (n === 0 && applied) falseReports.push(`${id}: never applied, told ${words.join(',')}`);
  }
  const untyped = [...k.results].filter(([, r]) => r !== 'ok' && !TYPED.has(r)).map(([id, r]) => `${id}: ${r}`);
  return { intents: k.intents.size, effects, duplicates, unreported, falseReports, inDoubt: k.open().length, untyped, reportedLater };
}
