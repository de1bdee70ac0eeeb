/**
 * What happens after a failed send: classify it, then retry, throttle, ask for a 2FA code, verify, or fail.
 * @module
 */
import type { AxiosResponse } from 'axios';
import { backoffDelay } from '../backoff.js';
import { retryAfterFromHeaders } from '../failure/retry-after.js';
import type { Failure } from '../failure/types.js';
import { classifyFailure } from '../policy/classify.js';
import { dedupeVerdict } from '../policy/dedupe.js';
import type { Verdict } from '../policy/types.js';
import { recordCancelled, recordVerdict } from './breaker.js';
import { askOtp, keepsCode } from './otp-flow.js';
import type { Outcome } from './send.js';
import { attemptsUsed, eventBase, facts, limitKey, remaining, remember, type Run } from './state.js';
import { deadline, exhausted, giveUp, indeterminate, permanent } from './terminal.js';
import { verifyFlow } from './verify-flow.js';

/** The next step: send again after a wait, or return a response found by verification. */
export type Plan =
  | { readonly next: 'send'; readonly delayMs: number; readonly consumesAttempt: boolean }
  | { readonly next: 'return'; readonly response: AxiosResponse };

/** Rejection reason for an aborted run: the signal's reason, as fetch does. */
function abortReason(run: Run, error: unknown): unknown {
  return run.signal?.aborted ? run.signal.reason : error;
}

/** Decides what follows a failed send. Throws the typed error that ends the run. */
export async function plan(run: Run, outcome: Extract<Outcome, { ok: false }>): Promise<Plan> {
  const f = outcome.failure;
  run.lastFailure = f;
  if (f.kind === 'cancelled' || run.signal?.aborted) {
    if (run.s.breaker) recordCancelled(run);
    if (run.safe || !f.sent) run.inDoubt = false;
    throw await giveUp(run, abortReason(run, outcome.error));
  }
  const verdict = decide(run, f);
  if (!keepsCode(verdict)) run.otpCode = undefined;
  run.obs?.verdict(run, verdict);
  run.inDoubt = !run.safe && (verdict.action === 'verify' || run.earlierInDoubt);
  if (run.s.breaker) await recordVerdict(run, verdict);
  if (remaining(run) <= 0) {
    remember(run, record(verdict));
    throw await giveUp(run, run.inDoubt ? indeterminate(run, 'the deadline ran out') : deadline(run, 'the deadline ran out'));
  }
  switch (verdict.action) {
    case 'retry':
      return retry(run, verdict);
    case 'throttle':
      return throttle(run, verdict, outcome.sentAt);
    case 'otp':
      remember(run, record(verdict));
      await askOtp(run, f);
      return { next: 'send', delayMs: 0, consumesAttempt: false };
    case 'verify':
      remember(run, record(verdict));
      return verifyFlow(run, f);
    default:
      remember(run, record(verdict));
      throw await giveUp(run, permanent(run, f, verdict.reason));
  }
}

/** The policy's verdict, then the API's deduplication (see `dedupeVerdict`): an ambiguous send resent at once stays in doubt. */
function decide(run: Run, f: Failure): Verdict {
  const known = facts(run, f);
  const v = classifyFailure(f, known, run.s.rules);
  if (!run.dedupes || run.safe) return v;
  const d = dedupeVerdict(v, run.s.profile.dedupes!, known, run.earlierInDoubt);
  if (v.action === 'verify' && d.action === 'retry') run.earlierInDoubt = true;
  return d;
}

function record(v: Verdict, delayMs?: number): { action: Verdict['action']; status: number | undefined; code: Failure['code']; kind: Failure['kind']; reason: string; delayMs?: number } {
  const r = { action: v.action, status: v.failure.status, code: v.failure.code, kind: v.failure.kind, reason: v.reason };
  return delayMs === undefined ? r : { ...r, delayMs };
}

async function retry(run: Run, v: Verdict): Promise<Plan> {
  // A resend in doubt (under the API's deduplication) stands in for a verify lookup, and is no more budgeted than one:
  // it must not spend the budget other requests' retries need.
  const budgeted = run.s.budget !== undefined && !run.earlierInDoubt;
  const refused = attemptsUsed(run) >= run.maxAttempts ? 'attempts' : budgeted && !run.s.budget!.withdraw() ? 'budget' : undefined;
  if (refused !== undefined) {
    if (run.earlierInDoubt) {
      // Out of attempts while in doubt: verification settles what a resend would have.
      remember(run, { ...record(v), action: 'verify', reason: `${v.reason}; no attempt left to resend, so it is verified` });
      return verifyFlow(run, v.failure);
    }
    remember(run, record(v));
    throw await giveUp(run, exhausted(run, v.failure, refused));
  }
  run.retries++;
  const backoff = backoffDelay(run.retries, run.lastDelayMs, run.s.backoff, run.s.random);
  const delayMs = Math.ceil(Math.max(backoff, v.retryAfterMs ?? 0));
  remember(run, record(v, delayMs));
  if (delayMs >= remaining(run)) {
    throw await giveUp(run, deadline(run, `the next retry would wait ${delayMs} ms, past the deadline`));
  }
  run.lastDelayMs = delayMs;
  if (run.s.events.onRetry) run.s.events.onRetry(Object.freeze({ ...eventBase(run), verdict: v, delayMs }));
  return { next: 'send', delayMs, consumesAttempt: true };
}

/** Added to a server-given wait: its window began before our clock read it, but clocks tick in whole ms. */
const THROTTLE_MARGIN_MS = 5;

/**
 * How long the whole key waits: the server's window, or for a ban (418) the whole ban even past `maxRetryAfterMs`
 * (a probe inside a ban prolongs it; up to a day, beyond which a header is taken for a typo).
 */
function keyWaitMs(run: Run, v: Verdict, waitMs: number): number {
  if (v.failure.status !== 418) return waitMs;
  const ban = retryAfterFromHeaders(v.failure.headers, run.s.clock.now(), Number.POSITIVE_INFINITY);
  return ban === undefined ? waitMs : Math.max(waitMs, Math.ceil(ban + THROTTLE_MARGIN_MS));
}

async function throttle(run: Run, v: Verdict, sentAt: number | undefined): Promise<Plan> {
  run.throttles++;
  const fromServer = v.retryAfterMs !== undefined;
  const waitMs = Math.ceil(fromServer ? v.retryAfterMs! + THROTTLE_MARGIN_MS : backoffDelay(run.throttles, run.lastDelayMs, { ...run.s.backoff, jitter: 'none' }, run.s.random));
  remember(run, record(v, waitMs));
  run.lastDelayMs = waitMs;
  const limits = run.s.limits;
  if (limits) {
    // Pause everyone sharing the key (across processes with a Redis limiter); this request's next acquire waits too.
    // A refusal that names its window is obeyed as that window and nothing more; only one without guidance
    // also lowers the learned rate (once per window: the limiter ignores refusals of requests sent before its last cut).
    // The key is paused even when this request cannot wait that long: the others on the key must not probe early.
    const key = limitKey(run);
    if (!fromServer) limits.main.onThrottle?.(key, sentAt);
    await limits.main.pause(key, keyWaitMs(run, v, waitMs));
  }
  if (waitMs >= remaining(run)) {
    throw await giveUp(run, deadline(run, `the server asked to wait ${waitMs} ms, past the deadline`));
  }
  if (run.s.events.onThrottle) {
    const scope = limits ? ('key' as const) : ('request' as const);
    run.s.events.onThrottle(Object.freeze({ ...eventBase(run), waitMs, source: fromServer ? ('header' as const) : ('backoff' as const), scope, failure: v.failure }));
  }
  return { next: 'send', delayMs: limits ? 0 : waitMs, consumesAttempt: false };
}
