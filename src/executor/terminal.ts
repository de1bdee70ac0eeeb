/**
 * Ending a run with a typed error: build it, tell onGiveUp, settle the journal unless the request is in doubt.
 * @module
 */
import { newOperationId } from '../operation-id.js';
import {
  type CheckRecord,
  DeadlineExceededError,
  type ErrorDetails,
  type ExhaustedReason,
  IndeterminateError,
  PermanentError,
  ResoluteError,
  RetriesExhaustedError,
  TwoFactorError,
} from '../errors.js';
import { failureLabel } from '../failure/label.js';
import type { Failure } from '../failure/types.js';
import { pathOf, redactUrl } from '../redact-url.js';
import { textOf } from '../show.js';
import { eventBase, type Run, summary } from './state.js';

/** The operation id, made now if the run had none yet. */
export function ensureOperationId(run: Run): string {
  run.operationId ??= newOperationId(run.s.clock.now());
  return run.operationId;
}

function details(run: Run, failure: Failure | undefined, cause?: unknown): ErrorDetails {
  return {
    operationId: ensureOperationId(run),
    request: summary(run.config, run.method),
    attempts: run.history,
    failure,
    cause: cause ?? (failure ? failureCause(failure) : undefined),
  };
}

/** A cause that says what the transport said, with nothing of the request (no headers, no body). */
function failureCause(f: Failure): Error {
  const e = new Error(f.message);
  e.name = f.kind === 'http' ? 'HttpFailure' : 'TransportFailure';
  return Object.assign(e, { status: f.status, code: f.code ?? f.errorCode });
}

function where(run: Run): string {
  return `${run.method} ${pathOf(redactUrl(run.config.url ?? ''))}`;
}

function describe(f: Failure | undefined): string {
  return f ? `${failureLabel(f)}: ${f.message}` : 'no response';
}

/** The API rejected the request for good. */
export function permanent(run: Run, f: Failure, reason: string): PermanentError {
  return new PermanentError(
    `${where(run)} failed: ${describe(f)} (${reason}). Retrying will not help: fix the request or the account state.`,
    { ...details(run, f), failure: f },
  );
}

/** Retries ran out. */
export function exhausted(run: Run, f: Failure, reason: ExhaustedReason): RetriesExhaustedError {
  const why = reason === 'budget'
    ? "the executor's retry budget is spent (too many retries across all requests: the API looks unhealthy), so this request fails fast"
    : `gave up after ${run.sends} attempt${run.sends === 1 ? '' : 's'} (maxAttempts ${run.maxAttempts})`;
  return new RetriesExhaustedError(`${where(run)}: ${why}; last failure ${describe(f)}. Try again later or raise maxAttempts.`, {
    ...details(run, f),
    reason,
  });
}

/** The deadline ran out (or a wait would have outlasted it). */
export function deadline(run: Run, what: string, cause?: unknown): DeadlineExceededError {
  return new DeadlineExceededError(
    `${where(run)}: ${what}; deadline of ${run.deadlineAt - run.startedAt} ms. Last failure ${describe(run.lastFailure)}. Raise deadlineMs or try later.`,
    details(run, run.lastFailure, cause),
  );
}

/** The request may have been applied and could not be verified. */
export function indeterminate(run: Run, why: string, checks: readonly CheckRecord[] = []): IndeterminateError {
  const id = ensureOperationId(run);
  return new IndeterminateError(
    `${where(run)}: outcome unknown (${why}); last failure ${describe(run.lastFailure)}. It was NOT resent. Reconcile operation ${id} by hand (look it up at the API) before sending it again.`,
    { ...details(run, run.lastFailure), checks },
  );
}

/** Two-factor resubmission failed. */
export function twoFactor(run: Run, why: string, cause?: unknown): TwoFactorError {
  const msg = run.lastFailure?.message;
  return new TwoFactorError(`${where(run)}: two-factor authentication failed: ${why}.${msg ? ` Server said: ${msg}` : ''}`, details(run, run.lastFailure, cause));
}

/**
 * Ends the run with `error` (a typed error, or an abort reason of any type): concludes `failed` (settled in the
 * journal before the caller gets it) when the outcome is known not to be applied, tells onGiveUp, and returns
 * `error` to throw as it is. While a send resent under the API's deduplication is unproven, a typed error that
 * would say "failed" becomes an `IndeterminateError` saying why. A throwing onGiveUp replaces the error (hooks are
 * never swallowed).
 */
export async function giveUp<E>(run: Run, error: E): Promise<E> {
  if (run.earlierInDoubt && error instanceof ResoluteError && !(error instanceof IndeterminateError)) {
    run.inDoubt = true;
    return giveUp(run, indeterminate(run, `an earlier send may have been applied, and then: ${error.message}`) as E);
  }
  if (run.journaled && !run.inDoubt) run.conclusion = { outcome: 'failed', error };
  const hook = run.s.events.onGiveUp;
  if (hook) hook(Object.freeze({ ...eventBase(run), error: error instanceof Error ? error : new Error(textOf(error)), history: run.history }));
  return error;
}
