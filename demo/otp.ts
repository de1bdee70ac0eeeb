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
import { bounded } from '../src/executor/bounded.js';
import { totp, type OtpContext, type TotpProvider } from '../src/index.js';
import { sleep } from '../src/time.js';

/** How long a provider may take before it counts as "spent for this step" (a fresh code takes microseconds). */
const PROBE_MS = 20;

/** An OTP hook (`ExecutorOptions.otp`) drawing fresh codes from `totp()` providers with skew 0, +1 and −1. */
export function totpPool(secret: string): (ctx: OtpContext) => Promise<string> {
  const providers: TotpProvider[] = [0, 1, -1].map((skewSteps) => totp({ secret, skewSteps }));
  const handedOut = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();

  const fresh = async (ctx: OtpContext): Promise<string> => {
    for (;;) {
      for (const provider of providers) {
        // A provider whose code for this step is spent sleeps until the next step: the probe cuts that short. Not
        // with AbortSignal.any([ctx.signal, AbortSignal.timeout(PROBE_MS)]): on Node 20 a garbage collection can
        // collect that timeout signal before it fires (nodejs/node#57736), and the ask then slept until the next
        // step while every ask behind it passed its deadline. `bounded` keeps its own timer.
        const probe = await bounded((signal) => provider({ signal }), PROBE_MS, sleep, ctx.signal);
        ctx.signal.throwIfAborted();
        const code = probe.end === 'value' ? probe.value : undefined;
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
