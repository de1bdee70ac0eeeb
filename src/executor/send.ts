/**
 * One send: build the attempt's config, prepare it, send it, turn the result into an outcome (data, never a throw
 * for HTTP or transport failures; user hook errors do propagate).
 * @module
 */
import { type AxiosRequestConfig, type AxiosResponse, isAxiosError, isCancel } from 'axios';
import { failureFromError, failureFromResponse, isErrorBody } from '../failure/normalize.js';
import type { Failure } from '../failure/types.js';
import { attachOtp } from '../otp/attach.js';
import { admitSend, checkCircuit, noteTimeout, recordSuccess } from './breaker.js';
import type { AcquireRequest, AcquireResult } from '../limiter/types.js';
import { GRANTED_NOW } from '../limiter/wait.js';
import type { Limits } from './limits.js';
import { normalizeOptions } from './secrets.js';
import { eventBase, limitKey, remaining, type Run } from './state.js';
import { deadline, giveUp, twoFactor } from './terminal.js';

/** The outcome of one send. */
export type Outcome =
  | { readonly ok: true; readonly response: AxiosResponse; readonly config: AxiosRequestConfig }
  | { readonly ok: false; readonly failure: Failure; readonly error: unknown; readonly config: AxiosRequestConfig; readonly sentAt?: number };

/** The config of the next send: a fresh copy, the 2FA code attached (its timeout is set just before it leaves). */
function attemptConfig(run: Run): AxiosRequestConfig | undefined {
  const cfg: AxiosRequestConfig = { ...run.config };
  if (run.otpCode === undefined) return cfg;
  return attachOtp(cfg, run.s.otpPlacement, run.otpCode);
}

/** The send's timeout: its own (or the instance's), clipped to what is left of the deadline (`leftMs`) after every wait. */
function timeoutFor(run: Run, cfg: AxiosRequestConfig, leftMs: number): number {
  const left = Math.max(1, Math.ceil(leftMs));
  const own = cfg.timeout ?? run.http.defaults.timeout ?? 0;
  return own > 0 && own < left ? own : left;
}

/**
 * The weight granted at once (the limiter's shared immediate grant, no profile limit to ask), else a promise of
 * it from `acquire`: the success path then awaits nothing here.
 */
function acquireNow(run: Run, limits: Limits, url: string): number | Promise<number> {
  const req = { key: limitKey(run), weight: limits.weight(run.config), deadlineAt: run.deadlineAt, signal: run.signal };
  const pending = limits.main.acquire(req);
  return pending === GRANTED_NOW && limits.scoped.length === 0 ? req.weight : acquire(run, limits, url, req, pending);
}

/**
 * Waits for the limiters; ends the run when waiting would pass the deadline. Returns the weight granted by
 * the main limiter, which is then told about the send exactly once (`observe`), answered or not.
 */
async function acquire(run: Run, limits: Limits, url: string, req: AcquireRequest, pending: Promise<AcquireResult>): Promise<number> {
  let r = await pending;
  const grantedMain = r.ok;
  try {
    for (let i = 0; r.ok && i < limits.scoped.length; i++) {
      const sl = limits.scoped[i]!;
      if (sl.url === undefined || sl.url.test(url)) r = await sl.limiter.acquire(req);
    }
  } catch (error) {
    limits.main.observe?.(req.key, undefined, req.weight, run.s.clock.now());
    throw error;
  }
  if (!r.ok) {
    if (grantedMain) limits.main.observe?.(req.key, undefined, req.weight, run.s.clock.now()); // granted, never sent
    throw await giveUp(run, deadline(run, `waiting ${Math.ceil(r.waitMs)} ms for the rate limiter would pass the deadline`));
  }
  return req.weight;
}

/** Sends once. */
export async function send(run: Run): Promise<Outcome> {
  const { s } = run;
  const refused = s.breaker && checkCircuit(run); // a promise only when the circuit refuses: the fast path awaits nothing
  if (refused) await refused;
  run.sends++;
  let cfg = attemptConfig(run);
  run.otpSent = run.otpCode !== undefined;
  if (cfg === undefined) {
    throw await giveUp(run, twoFactor(run, 'the request body cannot carry a 2FA code (use a plain object, JSON string or form body, or otpPlacement: { header })'));
  }
  const limits = s.limits;
  let weight = limits ? acquireNow(run, limits, cfg.url ?? '') : 0;
  if (typeof weight !== 'number') weight = await weight;
  let answer: Readonly<Record<string, unknown>> | undefined;
  let sentAt: number | undefined;
  try {
    const admitting = s.breaker && admitSend(run);
    if (admitting) await admitting;
    // Signing runs after every wait (limiter, breaker), immediately before the send, with the 2FA code and the
    // operation id already in place: a signature is never older than the send's own scheduling.
    if (s.prepare) {
      const prepared = await s.prepare(cfg, { operationId: run.operationId ?? '', attempt: run.sends, otp: run.otpSent, signal: run.signal });
      if (typeof prepared !== 'object' || prepared === null) throw new TypeError('resolute: prepare() must return the request config to send');
      cfg = prepared;
    }
    // No send leaves after the deadline (a slow prepare or journal): reconcilePending relies on it (reconcile.ts).
    const left = remaining(run);
    if (left <= 0) throw await giveUp(run, deadline(run, 'the deadline passed before the request could be sent'));
    // Without prepare, cfg is this send's own copy (attemptConfig); what prepare returned is copied, never changed.
    if (s.prepare) cfg = { ...cfg, timeout: timeoutFor(run, cfg, left) };
    else cfg.timeout = timeoutFor(run, cfg, left);
    // The retry budget counts a request when its first send goes out, not when it starts: requests held by a
    // pause are counted with the burst that follows it, so that burst's retries are measured against it.
    if (run.sends === 1) s.budget?.deposit();
    if (s.events.onAttempt) s.events.onAttempt(Object.freeze(eventBase(run)));
    run.obs?.attempt(run);
    if (!run.safe) run.inDoubt = true;
    sentAt = s.clock.now();
    const response = await run.http.request(cfg);
    answer = response.headers as Readonly<Record<string, unknown>> | undefined;
    if (isErrorBody(s.profile.dialect, response.data)) {
      const failure = failureFromResponse(response.status, response.headers, response.data, s.profile.dialect, normalizeOptions(run, cfg));
      return { ok: false, failure, error: undefined, config: cfg, sentAt };
    }
    if (s.breaker) recordSuccess(run, sentAt);
    return { ok: true, response, config: cfg };
  } catch (error) {
    // Not from axios's transport: an interceptor or transform threw. That is the caller's error: surface it.
    if (!isAxiosError(error) && !isCancel(error)) throw error;
    answer = error.response?.headers as Readonly<Record<string, unknown>> | undefined;
    const failure = failureFromError(error, s.profile.dialect, normalizeOptions(run, cfg));
    sentAt ??= s.clock.now(); // it failed before it left
    if (s.breaker && failure.kind === 'timeout') noteTimeout(run, sentAt, cfg.timeout);
    return { ok: false, failure, error, config: cfg, sentAt };
  } finally {
    // Every granted send is reported once: the limiter counts it answered and learns the advertised quota.
    if (limits?.main.observe) limits.main.observe(limitKey(run), answer, weight, sentAt ?? s.clock.now());
  }
}
