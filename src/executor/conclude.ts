/**
 * The end of a journaled run: settle the outcome the run concluded (before the caller gets it), then, once the
 * caller's promise has settled with that outcome, mark it delivered. A journal without `deliver` (written for
 * an older resolute) is settled at that later point instead, so an outcome is never lost between the two.
 *
 * "Delivered" means: the promise returned by `request()` settled with this outcome, and one macrotask passed, so
 * the continuations already attached to it have run up to their first wait for I/O. It does not mean that the
 * caller stored the result: for that, keep your operation ids in your own store and ask `outcomeOf` after a
 * restart.
 *
 * The settle is bounded by `journalTimeoutMs` but not by the caller's abort signal: once the outcome is known, an
 * abort no longer changes it, and the caller gets it.
 * @module
 */
import type { AxiosResponse } from 'axios';
import { isRetainingJournal } from '../journal/types.js';
import { journalCall, type JournalCallContext } from './journal-call.js';
import { errorDetails, responseDetails } from './outcome-details.js';
import { type Run, summary } from './state.js';

/** What a run concluded, once known (never while in doubt). Set by `succeed` and `giveUp`. */
export type Conclusion =
  | { readonly outcome: 'succeeded' | 'applied'; readonly response: AxiosResponse }
  | { readonly outcome: 'failed'; readonly error: unknown };

/** How the run's promise ends. */
export type RunResult = { readonly ok: true; readonly value: AxiosResponse } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `fn` one macrotask after now: when called just before a promise settles, after the continuations attached
 * to that promise ran (up to their first I/O wait).
 */
export function afterDelivery(fn: () => Promise<unknown>): void {
  setImmediate(() => void fn());
}

function conclusionOf(run: Run, result: RunResult): Conclusion | undefined {
  if (run.conclusion !== undefined) return run.conclusion;
  // Ended by an error of the caller's own (a hook, an interceptor) while not in doubt: nothing was applied.
  return !result.ok && !run.inDoubt ? { outcome: 'failed', error: result.error } : undefined;
}

/** Whether the caller gets the concluded outcome (not, say, the error of an onSuccess hook that threw). */
function delivers(c: Conclusion, result: RunResult): boolean {
  return result.ok ? c.outcome !== 'failed' && c.response === result.value : c.outcome === 'failed' && c.error === result.error;
}

/** Settles the run's conclusion in the journal and schedules its delivery mark. Never throws; failures go to onJournalError. */
export async function concludeJournal(run: Run, result: RunResult): Promise<void> {
  const j = run.s.journal;
  const id = run.operationId;
  if (j === undefined || !run.journaled || id === undefined) return;
  const c = conclusionOf(run, result);
  if (c === undefined) return; // in doubt: the entry stays pending for reconcilePending
  const details = c.outcome === 'failed' ? errorDetails(c.error) : responseDetails(c.response.status, c.response.data, c.outcome === 'applied');
  const ctx: JournalCallContext = { s: run.s, operationId: id, request: summary(run.config, run.method), attempts: run.history, outcome: c.outcome };
  const delivered = delivers(c, result);
  if (isRetainingJournal(j)) {
    const settled = await journalCall(ctx, 'settle', () => j.settle(id, c.outcome, details));
    if (settled.ok && delivered) afterDelivery(() => journalCall(ctx, 'deliver', () => j.deliver(id)));
  } else if (delivered) {
    afterDelivery(() => journalCall(ctx, 'settle', () => j.settle(id, c.outcome, details)));
  }
}
