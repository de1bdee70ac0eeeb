/**
 * The ledger: what the simulated exchange actually applied, and the audit against what the client believes.
 * @module
 */
import type { Arrival, AuditReport, Effect, IntentOutcome, Ledger, RetryAfterWindow } from './types.js';

/** The simulator's {@link Ledger}; {@link SimLedger.record} is internal to the simulator. */
export class SimLedger implements Ledger {
  readonly #effects: Effect[] = [];
  readonly #counts = new Map<string, number>();
  readonly #arrivals: readonly Arrival[];
  readonly #windows: readonly RetryAfterWindow[];

  /**
   * `arrivals` is the simulator's live arrival list (read for {@link insideRetryAfter}); `windows` its live list of
   * announced Retry-After windows.
   */
  constructor(arrivals: readonly Arrival[], windows: readonly RetryAfterWindow[] = []) {
    this.#arrivals = arrivals;
    this.#windows = windows;
  }

  /** Every applied effect, in order. */
  get effects(): readonly Effect[] {
    return this.#effects;
  }

  /** Records an applied effect. */
  record(effect: Effect): void {
    this.#effects.push(effect);
    this.#counts.set(effect.intent, (this.#counts.get(effect.intent) ?? 0) + 1);
  }

  /** How many times `intent` was applied. */
  count(intent: string): number {
    return this.#counts.get(intent) ?? 0;
  }

  /** Intents applied more than once, in order of first application. */
  duplicates(): string[] {
    return [...this.#counts].filter(([, n]) => n > 1).map(([intent]) => intent);
  }

  /** Arrivals that came inside a Retry-After window of their API key. */
  insideRetryAfter(): number {
    return this.#arrivals.filter((a) => a.insideRetryAfter).length;
  }

  /** Requests refused for their signature (see {@link Ledger.refusedSignatures}). */
  get refusedSignatures(): number {
    return this.#arrivals.filter((a) => a.signature !== undefined && a.signature !== 'ok').length;
  }

  /** See {@link Ledger.retryAfterWindows}. */
  retryAfterWindows(): readonly RetryAfterWindow[] {
    return this.#windows;
  }

  /** See {@link Ledger.audit}. */
  audit(outcomes: ReadonlyMap<string, IntentOutcome>): AuditReport {
    const intents = new Set<string>([...this.#counts.keys(), ...outcomes.keys()]);
    const lostIntents: string[] = [];
    let applied = 0;
    let duplicates = 0;
    let indeterminate = 0;
    for (const intent of intents) {
      const n = this.count(intent);
      const outcome = outcomes.get(intent);
      if (n > 0) applied += 1;
      if (n > 1) duplicates += 1;
      if (outcome === 'indeterminate') indeterminate += 1;
      const lost =
        (n > 0 && outcome === 'failed') || (n === 0 && outcome === 'succeeded') || (n > 0 && outcome === undefined);
      if (lost) lostIntents.push(intent);
    }
    return { intents: intents.size, applied, duplicates, lost: lostIntents.length, lostIntents, indeterminate };
  }
}
