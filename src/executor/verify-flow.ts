/**
 * The ambiguity flow: never resend blindly. Wait, ask the verify hook, back off, until it says `applied`
 * (return its data as a reconciled response), `absent` (resend with the same operation id) or the checks
 * or the deadline run out (IndeterminateError).
 * @module
 */
import type { AxiosResponse } from 'axios';
import type { CheckRecord } from '../errors.js';
import type { Failure } from '../failure/types.js';
import { textOf } from '../show.js';
import { callHook } from './hook-call.js';
import type { VerifyResult } from './options.js';
import type { Plan } from './plan.js';
import { attemptsUsed, elapsed, eventBase, limitKey, remaining, type Run, summary } from './state.js';
import { ensureOperationId, exhausted, giveUp, indeterminate } from './terminal.js';

/** The response a caller gets when verification found the request applied. */
export function reconciledResponse(run: Run, data: unknown, checks: number): AxiosResponse {
  return {
    data,
    status: 200,
    statusText: 'OK (reconciled)',
    headers: {},
    config: { ...run.config, headers: {} } as AxiosResponse['config'],
    request: undefined,
    reconciled: Object.freeze({ operationId: ensureOperationId(run), checks }),
  };
}

function isVerifyResult(x: unknown): x is VerifyResult {
  const o = (x as { outcome?: unknown } | null)?.outcome;
  return o === 'applied' || o === 'absent' || o === 'unknown';
}

/** Delay before check `n` (from 1): verifyDelayMs, then doubling, capped at maxDelayMs. */
export function checkDelay(run: Run, n: number): number {
  return Math.min(run.s.verifyDelayMs * 2 ** (n - 1), Math.max(run.s.verifyDelayMs, run.s.backoff.maxDelayMs));
}

/** Runs the checks. */
export async function verifyFlow(run: Run, f: Failure): Promise<Plan> {
  const hook = run.ro?.verify ?? run.s.verify;
  if (!hook) throw await giveUp(run, indeterminate(run, 'no verify hook is configured (options.verify or config.resolute.verify)'));
  const operationId = ensureOperationId(run);
  const request = summary(run.config, run.method);
  const checks: CheckRecord[] = [];
  const failedAt = run.s.clock.now();
  let hint: number | undefined;
  for (let n = 1; n <= run.s.verifyChecks; n++) {
    const wait = hint ?? checkDelay(run, n);
    if (wait >= remaining(run)) return giveUpIn(run, checks, `the deadline leaves no time for verify check ${n}`);
    try {
      await run.s.sleep(wait, run.signal);
    } catch (reason) {
      throw await giveUp(run, reason);
    }
    // Read before the lookup waits for its slot: time spent queued for the limiter proves nothing (conservative,
    // and the number of lookups then does not depend on how long the queue was).
    const sinceFailureMs = run.s.clock.now() - failedAt;
    // A lookup is a request to the same API: it waits for the key's limiter like a send (a 429's window holds it too).
    const slot = await lookupSlot(run, n);
    if (typeof slot === 'string') return giveUpIn(run, checks, slot);
    let result;
    try {
      result = await callHook(run, (signal) =>
        hook(Object.freeze({ operationId, request, failure: f, check: n, elapsedMs: elapsed(run), sinceFailureMs, signal, http: run.http })),
      );
    } finally {
      slot?.();
    }
    if ('stop' in result) {
      if (result.stop === 'aborted') throw await giveUp(run, result.reason);
      return giveUpIn(run, checks, `the deadline passed during verify check ${n}`);
    }
    const outcome = 'error' in result ? 'error' : isVerifyResult(result.value) ? result.value.outcome : 'error';
    hint = outcome === 'unknown' ? checkAgainIn((result as { value: VerifyResult }).value) : undefined;
    const error = 'error' in result ? textOf((result.error as Error | null)?.message ?? result.error) : outcome === 'error' ? 'the verify hook returned no { outcome }' : undefined;
    checks.push(Object.freeze({ check: n, outcome, elapsedMs: elapsed(run), error }));
    if (run.s.events.onVerify) run.s.events.onVerify(Object.freeze({ ...eventBase(run), check: n, outcome, error }));
    run.obs?.check(run, n, outcome);
    if (outcome === 'applied') {
      run.inDoubt = false; // concluded `applied` (and settled) as the reconciled response is returned
      const data = (result as { value: { data?: unknown } }).value.data;
      return { next: 'return', response: reconciledResponse(run, data, n) };
    }
    if (outcome === 'absent') {
      run.inDoubt = false;
      run.earlierInDoubt = false;
      if (attemptsUsed(run) >= run.maxAttempts) throw await giveUp(run, exhausted(run, f, 'attempts'));
      run.resent = true;
      return { next: 'send', delayMs: 0, consumesAttempt: true };
    }
  }
  return giveUpIn(run, checks, `${run.s.verifyChecks} verify checks could not tell`);
}

/**
 * Waits for the limiter before verify check `n`'s lookup. Returns the function that reports the lookup done (the
 * limiter counts it answered), `undefined` without a limiter, or why waiting would pass the deadline.
 */
async function lookupSlot(run: Run, n: number): Promise<(() => void) | undefined | string> {
  const limits = run.s.limits;
  if (!limits) return undefined;
  const key = limitKey(run);
  let r;
  try {
    r = await limits.main.acquire({ key, weight: 1, deadlineAt: run.deadlineAt, signal: run.signal });
  } catch (reason) {
    throw await giveUp(run, reason);
  }
  if (!r.ok) return `waiting ${Math.ceil(r.waitMs)} ms for the rate limiter would pass the deadline before verify check ${n}`;
  const sentAt = run.s.clock.now();
  return () => limits.main.observe?.(key, undefined, 1, sentAt);
}

/**
 * The wait a hook's `checkAgainInMs` hint on an `unknown` asks for, when it is a sane number: 1 ms more than it
 * says, since a timer may fire up to a millisecond early by the wall clock the hook reads.
 */
function checkAgainIn(r: VerifyResult): number | undefined {
  const ms = (r as { checkAgainInMs?: unknown }).checkAgainInMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.ceil(ms) + 1 : undefined;
}

async function giveUpIn(run: Run, checks: readonly CheckRecord[], why: string): Promise<never> {
  throw await giveUp(run, indeterminate(run, why, checks));
}
