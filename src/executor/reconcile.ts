/**
 * Start-up reconciliation: every operation a previous process left in doubt in the journal is verified once;
 * what is found applied or absent is settled, what stays unknown stays in the journal. Nothing is resent.
 * @module
 */
import axios from 'axios';
import type { RequestSummary } from '../errors.js';
import type { Failure } from '../failure/types.js';
import { textOf } from '../show.js';
import { sleep } from '../time.js';
import type { VerifyResult } from './options.js';
import type { Settings } from './validate.js';

/** Options of `reconcilePending`. */
export interface ReconcileOptions {
  /** Only entries recorded at least this long ago (skip operations another live process may still own). @default 0 */
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
  /** applied (settled; `data` is what verify returned), absent (settled: it never happened; resend it yourself if still wanted), unknown (still in the journal). */
  readonly outcome: 'applied' | 'absent' | 'unknown';
  /** What the verify hook returned as `data`, when `outcome` is `applied`. */
  readonly data?: unknown;
  /** The hook's error when it threw. */
  readonly error?: string;
}

const IN_DOUBT: Failure = Object.freeze({ kind: 'network', sent: true, message: 'left in doubt by a previous process' });

async function verifyOnce(s: Settings, operationId: string, request: RequestSummary, elapsedMs: number, timeoutMs: number, outer?: AbortSignal): Promise<VerifyResult | { outcome: 'error'; error: string }> {
  const hook = s.verify!;
  const signal = outer ? AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    const r = await Promise.race([
      Promise.resolve(hook(Object.freeze({ operationId, request, failure: IN_DOUBT, check: 1, elapsedMs, signal, http: s.http ?? axios }))),
      sleep(timeoutMs + 1, outer).then(() => ({ outcome: 'unknown' as const })),
    ]);
    return r;
  } catch (e) {
    if (outer?.aborted) throw outer.reason;
    return { outcome: 'error', error: e instanceof Error ? e.message : textOf(e) };
  }
}

/** Verifies each pending operation once. Requires a journal and a verify hook. */
export async function reconcilePending(s: Settings, opts: ReconcileOptions = {}): Promise<ReconcileReport[]> {
  if (!s.journal) throw new TypeError('resolute: reconcilePending() needs the "journal" option');
  if (!s.verify) throw new TypeError('resolute: reconcilePending() needs the "verify" option');
  const now = s.clock.now();
  const olderThan = opts.olderThanMs ?? 0;
  const reports: ReconcileReport[] = [];
  for (const entry of await s.journal.pending()) {
    if (now - entry.createdAt < olderThan) continue;
    const r = await verifyOnce(s, entry.operationId, entry.request, now - entry.createdAt, opts.timeoutMs ?? 10_000, opts.signal);
    const outcome = r.outcome === 'applied' || r.outcome === 'absent' ? r.outcome : 'unknown';
    if (outcome !== 'unknown') await s.journal.settle(entry.operationId, outcome);
    const report: ReconcileReport = {
      operationId: entry.operationId,
      request: entry.request,
      outcome,
      ...(r.outcome === 'applied' && 'data' in r ? { data: r.data } : {}),
      ...(r.outcome === 'error' ? { error: r.error } : {}),
    };
    reports.push(Object.freeze(report));
    if (s.events.onReconcile) s.events.onReconcile(Object.freeze({ operationId: entry.operationId, request: entry.request, outcome }));
  }
  return reports;
}
