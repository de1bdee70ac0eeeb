/**
 * The demo's 2FA code source: resolute's built-in `totp()` provider, three of them.
 *
 * The simulator checks codes like a real exchange: TOTP, 30 s steps, ±1 step accepted, and a code is accepted
 * once. One `totp({ secret })` therefore hands out one code per 30 s step and waits for the next step before
 * the next one, which is right in production but would stall a 10-second demo with three withdrawals for up to
 * 30 s. The server accepts the previous, current and next step, so three providers shifted by `skewSteps`
 * 0, +1 and −1 give three distinct, valid codes at once. A code handed out before (the +1 code becomes the 0 code
 * one step later) is skipped; when every provider is spent, the hook waits for the next step like one provider.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';
import { totp, type OtpContext, type TotpProvider } from '../src/index.js';

/** How long a provider may take before it counts as "spent for this step" (a fresh code takes microseconds). */
const PROBE_MS = 20;

/**
 * A signal that aborts after `ms`, or when `parent` does; `done()` disarms it. Not
 * `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: on Node 20 a garbage collection between its creation and
 * its timeout can collect the timeout signal, and the probe never fires (nodejs/node#57736; 50 of 50 with
 * `--expose-gc` here). A spent provider then slept until the next 30 s step, and every ask queued behind it
 * passed its deadline. Here the timer holds the controller.
 */
function probeSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; done: () => void } {
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(new DOMException('the provider had no fresh code at once', 'TimeoutError')), ms);
  return {
    signal: ctl.signal,
    done: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

/** An OTP hook (`ExecutorOptions.otp`) drawing fresh codes from `totp()` providers with skew 0, +1 and −1. */
export function totpPool(secret: string): (ctx: OtpContext) => Promise<string> {
  const providers: TotpProvider[] = [0, 1, -1].map((skewSteps) => totp({ secret, skewSteps }));
  const handedOut = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();

  const fresh = async (ctx: OtpContext): Promise<string> => {
    for (;;) {
      for (const provider of providers) {
        // A provider whose code for this step is spent sleeps until the next step: the probe signal cuts that short.
        const probe = probeSignal(ctx.signal, PROBE_MS);
        const code = await provider({ signal: probe.signal }).catch(() => undefined);
        probe.done();
        ctx.signal.throwIfAborted();
        if (code !== undefined && !handedOut.has(code)) {
          handedOut.add(code);
          return code;
        }
      }
      // Every provider is spent for this step: look again shortly (rejecting with the signal's reason on abort).
      await delay(250, undefined, { signal: ctx.signal }).catch(() => Promise.reject(ctx.signal.reason as Error));
    }
  };

  // One ask at a time, so two withdrawals never race for the same provider.
  return (ctx) => {
    const next = queue.then(() => fresh(ctx));
    queue = next.catch(() => undefined);
    return next;
  };
}
