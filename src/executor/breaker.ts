/**
 * The circuit breaker in the attempt loop: a send asks its key's circuit before it goes, and reports its
 * outcome after. While the circuit is open, first attempts and retries alike fail fast with `CircuitOpenError`;
 * a request in doubt is never among them (verify runs whatever the circuit says).
 * @module
 */
import { keyOrigin, redactKey } from '../breaker/key.js';
import { breakerOutcome } from '../breaker/outcome.js';
import type { Admission, Rejected } from '../breaker/types.js';
import { CircuitOpenError } from '../errors.js';
import type { Verdict } from '../policy/types.js';
import { pathOf, redactUrl } from '../redact-url.js';
import { attemptsUsed, remember, type Run, summary } from './state.js';
import { ensureOperationId, giveUp } from './terminal.js';

/** Runs admitted as half-open probes (their outcome closes or reopens the circuit). */
const probes = new WeakSet<Run>();

function keyOf(run: Run): string {
  run.limitKey ??= (run.s.limits?.key ?? run.s.breaker!.key)(run.http, run.config);
  return run.limitKey;
}

function circuitOpen(run: Run, r: Rejected): CircuitOpenError {
  const key = keyOf(run);
  const origin = keyOrigin(key) || 'this API';
  const now = run.s.clock.now();
  const failed = Math.round(r.failureRatio * r.calls);
  const why =
    r.state === 'open'
      ? `the circuit for ${origin} is open (${failed} of the last ${r.calls} calls failed: the API looks down)`
      : `the circuit for ${origin} is half-open (a probe is checking whether the API is back)`;
  const when = `${new Date(r.probeAt).toISOString()} (in ${Math.max(0, (r.probeAt - now) / 1000).toFixed(1)} s)`;
  return new CircuitOpenError(
    `${run.method} ${pathOf(redactUrl(run.config.url ?? ''))}: not sent: ${why}. It lets a probe through again by ${when}; until then requests to it fail fast. Try again later, or set breaker: false to turn the breaker off.`,
    {
      operationId: ensureOperationId(run),
      request: summary(run.config, run.method),
      attempts: run.history,
      failure: run.lastFailure,
      circuit: { key: redactKey(key), origin, state: r.state, probeAt: r.probeAt, failureRatio: r.failureRatio, calls: r.calls },
    },
  );
}

/** Ends the run: with the caller's abort reason when it has aborted (as fetch does), else with CircuitOpenError. */
async function refuse(run: Run, r: Rejected): Promise<never> {
  throw await giveUp(run, run.signal?.aborted ? run.signal.reason : circuitOpen(run, r));
}

/**
 * Before anything else of a send: fail fast while the circuit is open (claims nothing). Returns a promise only
 * when the run ends (await it); `undefined` on the fast path, which allocates nothing.
 */
export function checkCircuit(run: Run): Promise<never> | undefined {
  if (run.inDoubt) return undefined; // a send in doubt (resent under the API's deduplication) goes whatever the circuit says, as verify does
  const w = run.s.breaker!;
  const r = w.breaker.blocked(keyOf(run), w.notify);
  return r === undefined ? undefined : refuse(run, r);
}

async function admitLater(run: Run, pending: Promise<Admission>): Promise<void> {
  const a = await pending;
  if (a.ok) {
    if (a.probe) probes.add(run);
    return;
  }
  run.sends--; // counted at the start of the send, which does not go out after all
  return refuse(run, a);
}

/**
 * Just before the send goes out: the circuit lets it through (as a probe when half-open) or the run ends with
 * `CircuitOpenError`. Returns a promise to await when the store must ask its backend or the run ends;
 * `undefined` on the fast path.
 */
export function admitSend(run: Run): Promise<void> | undefined {
  if (run.inDoubt) return undefined;
  const w = run.s.breaker!;
  const a = w.breaker.admit(keyOf(run), w.notify);
  if (a instanceof Promise) return admitLater(run, a);
  if (a.ok) {
    if (a.probe) probes.add(run);
    return undefined;
  }
  run.sends--; // counted at the start of the send, which does not go out after all
  return refuse(run, a);
}

/** Runs whose last send timed out late: this process was not running when the timer was due. */
const stalled = new WeakSet<Run>();

/** Lateness a timeout may have and still count against the server: 50 ms, or a quarter of the timeout. */
export const stallTolerance = (timeoutMs: number): number => Math.max(50, timeoutMs / 4);

/**
 * A send sent at `sentAt` timed out. When the timeout fired well after it was due, this process (its event loop
 * starved or paused) is to blame, not the server: the breaker will not count it.
 */
export function noteTimeout(run: Run, sentAt: number, timeoutMs: number | undefined): void {
  if (timeoutMs === undefined || !(timeoutMs > 0)) return;
  if (run.s.clock.now() - sentAt > timeoutMs + stallTolerance(timeoutMs)) stalled.add(run);
}

/** A send that went at `sentAt` (the executor's clock) was answered with success. */
export function recordSuccess(run: Run, sentAt: number): void {
  const w = run.s.breaker!;
  w.breaker.record(keyOf(run), 'success', probes.delete(run), w.notify, w.ownClock ? sentAt : undefined);
}

/** A send was cancelled: it says nothing, but a probe's slot goes to the next send. */
export function recordCancelled(run: Run): void {
  const w = run.s.breaker!;
  const probe = probes.delete(run);
  if (probe) w.breaker.record(keyOf(run), 'ignore', true, w.notify);
}

/**
 * A send failed with `v`: counts it, then, when the circuit is open and the verdict would send again (retry,
 * throttle, 2FA), ends the run with `CircuitOpenError`. `verify` (a request in doubt) and `fail` go on as usual.
 */
export async function recordVerdict(run: Run, v: Verdict): Promise<void> {
  const w = run.s.breaker!;
  const key = keyOf(run);
  const outcome = stalled.delete(run) ? 'ignore' : breakerOutcome(v);
  w.breaker.record(key, outcome, probes.delete(run), w.notify);
  if (v.action === 'verify' || v.action === 'fail' || run.inDoubt) return; // in doubt: a resend under the API's deduplication
  if (v.action === 'retry' && attemptsUsed(run) >= run.maxAttempts) return; // no retry was due: RetriesExhaustedError says more
  const r = w.breaker.blocked(key, w.notify);
  if (r === undefined) return;
  remember(run, { action: v.action, status: v.failure.status, code: v.failure.code, kind: v.failure.kind, reason: v.reason });
  return refuse(run, r);
}

/** Waits `ms` before a retry; when the circuit opens meanwhile, the run ends with `CircuitOpenError` at once. */
export async function waitToRetry(run: Run, ms: number): Promise<void> {
  const w = run.s.breaker;
  if (w === undefined || run.inDoubt) return run.s.sleep(ms, run.signal);
  const key = keyOf(run);
  const opened = w.breaker.openSignal(key);
  const ctl = new AbortController();
  const caller = run.signal;
  const onCaller = (): void => ctl.abort(caller?.reason);
  const onOpened = (): void => ctl.abort(opened.reason);
  if (caller?.aborted) onCaller();
  caller?.addEventListener('abort', onCaller, { once: true });
  opened.addEventListener('abort', onOpened, { once: true });
  try {
    await run.s.sleep(ms, ctl.signal);
  } catch (error) {
    if (caller?.aborted || !opened.aborted) throw error;
    const r = w.breaker.blocked(key, w.notify);
    if (r !== undefined) await refuse(run, r);
    // opened and already probing: the send asks the circuit like any other
  } finally {
    caller?.removeEventListener('abort', onCaller);
    opened.removeEventListener('abort', onOpened);
  }
}

