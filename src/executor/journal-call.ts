/**
 * Every journal call the executor makes goes through here: bounded by `journalTimeoutMs` (on real timers: it
 * watches real I/O), its failure turned into a `JournalError` with a sanitized cause and reported to
 * `onJournalError`. Outcomes as data: never throws.
 * @module
 */
import { type AttemptRecord, JournalError, type JournalStage, type RequestSummary } from '../errors.js';
import type { SettledOutcome } from '../journal/types.js';
import { sleep as realSleep } from '../time.js';
import { bounded } from './bounded.js';
import type { Settings } from './validate.js';

/** What a journal call is about. */
export interface JournalCallContext {
  readonly s: Settings;
  /** `''` for calls about no single operation. */
  readonly operationId: string;
  readonly request?: RequestSummary | undefined;
  readonly attempts?: readonly AttemptRecord[] | undefined;
  /** Aborts the wait (not the journal's own work). */
  readonly signal?: AbortSignal | undefined;
  /** At stage `settle`: the outcome being written. */
  readonly outcome?: SettledOutcome | undefined;
}

/** How a journal call ended. */
export type JournalCallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: JournalError }
  | { readonly ok: false; readonly aborted: unknown };

const NO_REQUEST: RequestSummary = Object.freeze({ method: '', url: '' });
const MAX_MESSAGE = 500;

const AFTER: Record<JournalStage, string> = {
  record: ' Nothing was sent.',
  settle: ' The caller gets its outcome anyway; the operation stays pending in the journal for reconcilePending().',
  deliver: ' The outcome reached its caller; reconcilePending() may report it once more.',
  lookup: '',
  pending: '',
  undelivered: '',
};

/**
 * A copy of a journal's error that keeps only its name, message (URL credentials cut, length capped) and code:
 * client errors may carry the command and its arguments, or a connection string.
 */
export function sanitizedCause(err: unknown): Error {
  const raw = err instanceof Error ? err.message : String(err);
  const text = raw.replace(/\/\/[^/@\s]*@/g, '//[redacted]@');
  const e = new Error(text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… [cut]` : text);
  if (err instanceof Error) e.name = err.name;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(e, { code });
  return e;
}

/** Reports `error` to onJournalError; an error the hook throws is rethrown asynchronously, never instead of an outcome. */
export function reportJournalError(s: Settings, error: JournalError, outcome?: SettledOutcome): void {
  const hook = s.events.onJournalError;
  if (!hook) return;
  try {
    hook(Object.freeze({ operationId: error.operationId, stage: error.stage, error, outcome }));
  } catch (hookError) {
    queueMicrotask(() => {
      throw hookError;
    });
  }
}

/** Runs one journal call, bounded; a failure or timeout becomes a reported `JournalError`. */
export async function journalCall<T>(ctx: JournalCallContext, stage: JournalStage, fn: () => Promise<T>): Promise<JournalCallResult<T>> {
  const ms = ctx.s.journalTimeoutMs;
  const r = await bounded(() => fn(), ms, realSleep, ctx.signal);
  if (r.end === 'value') return { ok: true, value: r.value };
  if (r.end === 'aborted') return { ok: false, aborted: r.reason };
  const cause = r.end === 'timeout' ? new Error(`the journal did not answer within ${ms} ms (journalTimeoutMs)`) : sanitizedCause(r.error);
  const what = ctx.operationId === '' ? `journal ${stage}` : `journal ${stage} of operation ${ctx.operationId}`;
  const error = new JournalError(`${what} failed: ${cause.message}.${AFTER[stage]}`, {
    operationId: ctx.operationId,
    request: ctx.request ?? NO_REQUEST,
    attempts: ctx.attempts ?? [],
    cause,
    stage,
  });
  reportJournalError(ctx.s, error, ctx.outcome);
  return { ok: false, error };
}
