/**
 * The 511 flow: ask the OTP hook for a fresh code; the next send is the identical request plus the code.
 * @module
 */
import type { Failure } from '../failure/types.js';
import type { Verdict } from '../policy/types.js';
import { callHook } from './hook-call.js';
import { eventBase, remaining, type Run, summary } from './state.js';
import { deadline, ensureOperationId, giveUp, twoFactor } from './terminal.js';

/**
 * Whether the code the failed send carried (if any) goes with the next send: only when the server cannot have
 * read it, because the send never left or it was refused at the door (a 429 or the API's rate-limit code: the
 * limiter answers before the 2FA check). After anything else (a 5xx, a timeout, a refusal) the code may be spent,
 * and a 511 asks for a fresh one. A kept code that has meanwhile expired is refused like any wrong code.
 */
export function keepsCode(v: Verdict): boolean {
  return v.action === 'throttle' || !v.failure.sent;
}

/** Gets a code for the next send, or throws the error that ends the run. */
export async function askOtp(run: Run, f: Failure): Promise<void> {
  const hook = run.ro?.otp ?? run.s.otp;
  const rejected = run.otpSent;
  if (!hook) throw await giveUp(run, twoFactor(run, 'the server asks for a 2FA code and no otp hook is configured (options.otp or config.resolute.otp)'));
  if (run.otpAsks >= run.s.otpAttempts) {
    throw await giveUp(run, twoFactor(run, `${run.otpAsks} code${run.otpAsks === 1 ? ' was' : 's were'} refused (otpAttempts ${run.s.otpAttempts})`));
  }
  run.otpAsks++;
  const operationId = ensureOperationId(run);
  if (run.s.events.onOtp) run.s.events.onOtp(Object.freeze({ ...eventBase(run), ask: run.otpAsks, rejected, serverMessage: f.message }));
  const request = summary(run.config, run.method);
  const result = await callHook(run, (signal) =>
    hook(Object.freeze({ operationId, request, serverMessage: f.message, attempt: run.otpAsks, rejected, signal, remainingMs: remaining(run) })),
  );
  if ('stop' in result) {
    if (result.stop === 'aborted') throw await giveUp(run, result.reason);
    throw await giveUp(run, deadline(run, 'the deadline passed while waiting for a 2FA code'));
  }
  if ('error' in result) throw await giveUp(run, twoFactor(run, 'the otp hook threw', result.error));
  const code = result.value;
  if (typeof code !== 'string' || code.trim() === '') throw await giveUp(run, twoFactor(run, 'the otp hook returned no code (it must return a non-empty string)'));
  run.otpCode = code.trim();
  run.otpCodes.push(run.otpCode); // scrubbed from what the server says back
}
