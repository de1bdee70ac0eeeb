/**
 * Start-up reconciliation. It reports, oldest first: outcomes a previous process settled and never delivered
 * (it died between settling and returning), then every operation left in doubt, verified once: `applied` and
 * `absent` are settled, `unknown` stays in the journal. Nothing is resent. What this pass reports is marked
 * delivered once its promise has settled.
 * @module
 */
import type { RequestSummary } from '../errors.js';
import type { Failure } from '../failure/types.js';
import { isRetainingJournal, type Journal, type OutcomeDetails, type SettledEntry } from '../journal/types.js';
import { bounded } from './bounded.js';
import { afterDelivery } from './conclude.js';
import { journalCall, type JournalCallContext, type JournalCallResult } from './journal-call.js';
import { textOf } from '../show.js';
import type { VerifyResult } from './options.js';
import { responseDetails } from './outcome-details.js';
import type { Settings } from './validate.js';

/** Options of `reconcilePending`. */
export interface ReconcileOptions {
  /**
   * Only entries recorded (and outcomes settled) at least this long ago: skip operations another live process
   * may still own (with a journal shared in Redis).
   * @default 0
   */
  readonly olderThanMs?: number;
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
  /** `undelivered`: when it was settled (epoch ms). */
  readonly settledAt?: number;
  /** `undelivered` `succeeded`/`applied`: the response's status and body as kept (redacted, capped). */
  readonly response?: OutcomeDetails['response'];
  /** `undelivered` `failed`: the error the caller would have got (its name; the message for resolute's errors). */
  readonly failure?: OutcomeDetails['error'];
}

const IN_DOUBT: Failure = Object.freeze({ kind: 'network', sent: true, message: 'left in doubt by a previous process' });

type Checked = VerifyResult | { readonly outcome: 'error'; readonly error: string };

function isVerifyResult(x: unknown): x is VerifyResult {
  const o = (x as { outcome?: unknown } | null)?.outcome;
  return o === 'applied' || o === 'absent' || o === 'unknown';
}

/** One verify call, bounded by `timeoutMs` (its timer cleared when the hook answers first) and the pass's signal. */
async function verifyOnce(s: Settings, operationId: string, request: RequestSummary, elapsedMs: number, timeoutMs: number, outer?: AbortSignal): Promise<Checked> {
  const hook = s.verify!;
  const r = await bounded(
    (signal) => hook(Object.freeze({ operationId, request, failure: IN_DOUBT, check: 1, elapsedMs, signal, http: s.http })),
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

/** Reports undelivered outcomes, then verifies each pending operation once. Requires a journal and a verify hook. */
export async function reconcilePending(s: Settings, opts: ReconcileOptions = {}): Promise<ReconcileReport[]> {
  if (!s.journal) throw new TypeError('resolute: reconcilePending() needs the "journal" option');
  if (!s.verify) throw new TypeError('resolute: reconcilePending() needs the "verify" option');
  const j: Journal = s.journal;
  const now = s.clock.now();
  const olderThan = opts.olderThanMs ?? 0;
  const timeoutMs = opts.timeoutMs ?? 10_000;
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
      if (now - u.settledAt < olderThan) continue;
      report(undeliveredReport(u));
      marks.push(() => journalCall(ctx(u.operationId, u.request), 'deliver', () => j.deliver(u.operationId)));
    }
  }
  for (const entry of unwrap(await journalCall(ctx(''), 'pending', () => j.pending()))) {
    if (now - entry.createdAt < olderThan) continue;
    const id = entry.operationId;
    const r = await verifyOnce(s, id, entry.request, now - entry.createdAt, timeoutMs, opts.signal);
    const outcome = r.outcome === 'applied' || r.outcome === 'absent' ? r.outcome : 'unknown';
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
    });
  }
  if (marks.length > 0) afterDelivery(() => Promise.all(marks.map((m) => m())));
  return reports;
}
