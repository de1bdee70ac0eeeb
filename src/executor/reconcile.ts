/**
 * Start-up reconciliation. It reports, oldest first: outcomes a previous process settled and never delivered
 * (it died between settling and returning), then every operation left in doubt, verified once: `applied` is
 * settled at once (final), `absent` only once its owner can no longer send it, `unknown` stays in the journal.
 * Nothing is resent. What this pass reports is marked delivered once its promise has settled.
 *
 * Never settles `absent` for an operation that may still be live (the protocol model's OWNER_CHECK,
 * `model/README.md`): operations this executor is still running are left alone (`live.ts`), and any other is
 * settled absent only after its own deadline (recorded with the intent) plus `settleMs`, after which its owner,
 * alive or not, sends it no more. Until then it is reported `unknown` with the reason and `checkAgainAt`.
 * @module
 */
import type { RequestSummary } from '../errors.js';
import type { Failure } from '../failure/types.js';
import { isRetainingJournal, type Journal, type JournalEntry, type OutcomeDetails, type SettledEntry } from '../journal/types.js';
import { bounded } from './bounded.js';
import { afterDelivery } from './conclude.js';
import { journalCall, type JournalCallContext, type JournalCallResult } from './journal-call.js';
import { textOf } from '../show.js';
import type { VerifyResult } from './options.js';
import { isLive } from './live.js';
import { responseDetails } from './outcome-details.js';
import { finiteNumber, type Settings } from './validate.js';

/** Options of `reconcilePending`. */
export interface ReconcileOptions {
  /**
   * Only entries recorded (and outcomes settled) at least this long ago; younger ones are not reported at all. Not
   * needed for safety (see `settleMs`): use it to leave recent operations to their owners' own reporting.
   * @default 0
   */
  readonly olderThanMs?: number;
  /**
   * How long after an operation's deadline `absent` may be settled. Until then its owner (another process sharing
   * the journal, or one that has not yet died) may still send it, so `absent` is reported `unknown` and the entry
   * stays pending. Covers a send that left just before the deadline, its way to the exchange, and the clock skew
   * between the owner's machine and this one; make it longer than the exchange's request-validity window (Binance
   * `recvWindow`) where a late request could still be accepted.
   *
   * @example
   * ```ts
   * await executor.reconcilePending({ settleMs: 60_000 }); // an exchange that accepts requests up to 60 s late
   * ```
   * @default 10_000
   */
  readonly settleMs?: number;
  /** Time allowed for each verify call. @default 10_000 */
  readonly timeoutMs?: number;
  /** Aborts the pass: the running verify hook's signal aborts and `reconcilePending` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** What reconciliation found for one operation. */
export interface ReconcileReport {
  /** The journaled operation's id. */
  readonly operationId: string;
  /** The request as journaled, redacted of secrets. */
  readonly request: RequestSummary;
  /**
   * From `verified`: applied (settled; `data` is what verify returned), absent (settled: it never happened; resend
   * it yourself if still wanted), unknown (still in the journal). From `undelivered`: the settled outcome.
   */
  readonly outcome: 'applied' | 'absent' | 'unknown' | 'succeeded' | 'failed';
  /** `verified`: it was in doubt and was verified now. `undelivered`: settled by a process that died before its caller got it. */
  readonly source: 'verified' | 'undelivered';
  /** What the verify hook returned as `data`, when it found the operation applied. */
  readonly data?: unknown;
  /** The verify hook's error (or timeout) when it could not tell. */
  readonly error?: string;
  /**
   * `unknown` because the operation may still be live: it is running in this executor, or verification found it
   * absent before its deadline plus `settleMs` (its owner may still send it). The entry stays pending.
   */
  readonly reason?: string;
  /** With `reason`: the earliest time (epoch ms) at which a later pass can settle it as absent. */
  readonly checkAgainAt?: number;
  /** `undelivered`: when it was settled (epoch ms). */
  readonly settledAt?: number;
  /** `undelivered` `succeeded`/`applied`: the response's status and body as kept (redacted, capped). */
  readonly response?: OutcomeDetails['response'];
  /** `undelivered` `failed`: the error the caller would have got (its name; the message for resolute's errors). */
  readonly failure?: OutcomeDetails['error'];
}

/** Default of {@link ReconcileOptions.settleMs}. */
export const DEFAULT_SETTLE_MS = 10_000;

const IN_DOUBT: Failure = Object.freeze({ kind: 'network', sent: true, message: 'left in doubt by a previous process' });

type Checked = VerifyResult | { readonly outcome: 'error'; readonly error: string };

function isVerifyResult(x: unknown): x is VerifyResult {
  const o = (x as { outcome?: unknown } | null)?.outcome;
  return o === 'applied' || o === 'absent' || o === 'unknown';
}

/** One verify call for `entry` at `lookedAt`, bounded by `timeoutMs` (its timer cleared when the hook answers first) and the pass's signal. */
async function verifyOnce(s: Settings, entry: JournalEntry, lookedAt: number, timeoutMs: number, outer?: AbortSignal): Promise<Checked> {
  const hook = s.verify!;
  const { operationId, request } = entry;
  const elapsedMs = lookedAt - entry.createdAt;
  const sinceFailureMs = Math.max(0, lookedAt - ownerDeadline(s, entry));
  const r = await bounded(
    (signal) => hook(Object.freeze({ operationId, request, failure: IN_DOUBT, check: 1, elapsedMs, sinceFailureMs, signal, http: s.http })),
    timeoutMs,
    s.sleep,
    outer,
  );
  if (r.end === 'aborted') throw r.reason;
  if (r.end === 'timeout') return { outcome: 'error', error: `the verify hook did not answer within ${timeoutMs} ms` };
  if (r.end === 'error') return { outcome: 'error', error: r.error instanceof Error ? r.error.message : textOf(r.error) };
  return isVerifyResult(r.value) ? r.value : { outcome: 'error', error: 'the verify hook returned no { outcome }' };
}

function unwrap<T>(r: JournalCallResult<T>): T {
  if (r.ok) return r.value;
  throw 'aborted' in r ? r.aborted : r.error;
}

function undeliveredReport(u: SettledEntry): ReconcileReport {
  const r: { -readonly [K in keyof ReconcileReport]: ReconcileReport[K] } = {
    operationId: u.operationId,
    request: u.request,
    outcome: u.outcome,
    source: 'undelivered',
    settledAt: u.settledAt,
  };
  if (u.details?.response !== undefined) r.response = u.details.response;
  if (u.details?.error !== undefined) r.failure = u.details.error;
  return r;
}

/** When the entry's owner sends it no more: its recorded deadline, else (an older entry) `createdAt` plus this executor's `deadlineMs`. */
function ownerDeadline(s: Settings, entry: JournalEntry): number {
  const d = entry.deadlineAt;
  return typeof d === 'number' && Number.isFinite(d) ? d : entry.createdAt + s.deadlineMs;
}

/** Reports undelivered outcomes, then verifies each pending operation once. Requires a journal and a verify hook. */
export async function reconcilePending(s: Settings, opts: ReconcileOptions = {}): Promise<ReconcileReport[]> {
  if (!s.journal) throw new TypeError('resolute: reconcilePending() needs the "journal" option');
  if (!s.verify) throw new TypeError('resolute: reconcilePending() needs the "verify" option');
  const j: Journal = s.journal;
  const now = s.clock.now();
  const olderThan = opts.olderThanMs ?? 0;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const settleMs = opts.settleMs === undefined ? DEFAULT_SETTLE_MS : finiteNumber('settleMs', opts.settleMs, 0);
  const reports: ReconcileReport[] = [];
  const marks: Array<() => Promise<unknown>> = [];
  const ctx = (operationId: string, request?: RequestSummary): JournalCallContext => ({ s, operationId, request, signal: opts.signal });
  const report = (r: ReconcileReport): void => {
    reports.push(Object.freeze(r));
    if (s.events.onReconcile) s.events.onReconcile(Object.freeze({ operationId: r.operationId, request: r.request, outcome: r.outcome, source: r.source }));
  };

  if (isRetainingJournal(j)) {
    // First, so what this pass settles below is not reported twice.
    for (const u of unwrap(await journalCall(ctx(''), 'undelivered', () => j.undelivered()))) {
      if (now - u.settledAt < olderThan || isLive(s, u.operationId)) continue; // a live owner delivers it itself
      report(undeliveredReport(u));
      marks.push(() => journalCall(ctx(u.operationId, u.request), 'deliver', () => j.deliver(u.operationId)));
    }
  }
  for (const entry of unwrap(await journalCall(ctx(''), 'pending', () => j.pending()))) {
    if (now - entry.createdAt < olderThan) continue;
    const id = entry.operationId;
    if (isLive(s, id)) {
      report({ operationId: id, request: entry.request, outcome: 'unknown', source: 'verified', reason: 'still running in this executor: its owner settles it' });
      continue;
    }
    // Read before verifying: an `absent` proves nothing about sends after the lookup began (it may answer late).
    const lookedAt = s.clock.now();
    const r = await verifyOnce(s, entry, lookedAt, timeoutMs, opts.signal);
    const finalAt = ownerDeadline(s, entry) + settleMs;
    const early = r.outcome === 'absent' && lookedAt < finalAt;
    const outcome = early ? 'unknown' : r.outcome === 'applied' || r.outcome === 'absent' ? r.outcome : 'unknown';
    if (outcome !== 'unknown') {
      const details = r.outcome === 'applied' ? responseDetails(200, r.data, true) : undefined;
      const c = { ...ctx(id, entry.request), outcome, signal: undefined };
      const settle = (): Promise<unknown> => journalCall(c, 'settle', () => j.settle(id, outcome, details));
      if (!isRetainingJournal(j)) marks.push(settle);
      else if ((await journalCall(c, 'settle', () => j.settle(id, outcome, details))).ok) marks.push(() => journalCall(c, 'deliver', () => j.deliver(id)));
    }
    report({
      operationId: id,
      request: entry.request,
      outcome,
      source: 'verified',
      ...(r.outcome === 'applied' && 'data' in r ? { data: r.data } : {}),
      ...(r.outcome === 'error' ? { error: r.error } : {}),
      ...(early ? { reason: `verified absent, but its owner may still send it until ${new Date(finalAt).toISOString()} (its deadline plus settleMs)`, checkAgainAt: finalAt } : {}),
    });
  }
  if (marks.length > 0) afterDelivery(() => Promise.all(marks.map((m) => m())));
  return reports;
}
