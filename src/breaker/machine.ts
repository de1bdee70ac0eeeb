/**
 * The circuit's state machine, as pure functions over an immutable snapshot: closed → open when the window's
 * failure ratio says so → half-open after `openMs`, letting `halfOpenProbes` probes through → closed when they
 * all succeed, open again when one fails. A probe round that has not finished after `openMs` (a probe lost to a
 * crash or an abort) gives way to a new round. Every store runs these (the Redis scripts mirror them in Lua).
 * @module
 */
import type { BreakerSettings } from './options.js';
import type { BreakerChange, BreakerOutcome, BreakerState, Rejected } from './types.js';
import { shouldOpen } from './window.js';

/** One key's circuit. */
export interface Circuit {
  readonly state: BreakerState;
  /** `open`: when a probe may go (epoch ms); `half-open`: when the probe round expires; `closed`: 0. */
  readonly until: number;
  /** Probes let through in this round. */
  readonly admitted: number;
  /** Probes of this round that succeeded. */
  readonly passed: number;
  /** Failed share of the calls behind the last change. */
  readonly failureRatio: number;
  /** How many calls that share was measured on. */
  readonly calls: number;
}

/** A closed circuit with nothing behind it. */
export const CLOSED: Circuit = Object.freeze({ state: 'closed', until: 0, admitted: 0, passed: 0, failureRatio: 0, calls: 0 });

/** What `admit` decided: send as usual, send as a probe, or refuse. */
export type Decision = 'go' | 'probe' | 'reject';

/** An open circuit from `now`. */
export function opened(now: number, s: Pick<BreakerSettings, 'openMs'>, failureRatio: number, calls: number): Circuit {
  return { state: 'open', until: now + s.openMs, admitted: 0, passed: 0, failureRatio, calls };
}

/** A send asks to go at `now`. */
export function admitStep(c: Circuit, now: number, s: BreakerSettings): { readonly circuit: Circuit; readonly decision: Decision } {
  if (c.state === 'closed') return { circuit: c, decision: 'go' };
  if (c.state === 'open' && now < c.until) return { circuit: c, decision: 'reject' };
  if (c.state === 'open' || now >= c.until) {
    // the first probe of a round: open for long enough, or the last round's probes never came back
    return { circuit: { ...c, state: 'half-open', until: now + s.openMs, admitted: 1, passed: 0 }, decision: 'probe' };
  }
  if (c.admitted < s.halfOpenProbes) return { circuit: { ...c, admitted: c.admitted + 1 }, decision: 'probe' };
  return { circuit: c, decision: 'reject' };
}

/** The rejection a send would meet at `now`, without claiming anything; undefined when it would be let through. */
export function rejection(c: Circuit, now: number, s: BreakerSettings): Rejected | undefined {
  if (c.state === 'closed' || now >= c.until) return undefined;
  if (c.state === 'half-open' && c.admitted < s.halfOpenProbes) return undefined;
  return { ok: false, state: c.state, probeAt: c.until, failureRatio: c.failureRatio, calls: c.calls };
}

/** A closed circuit's window now holds `calls` calls, `failures` of them failures, the oldest failure at `oldestFailure`. */
export function afterWindow(c: Circuit, calls: number, failures: number, oldestFailure: number, now: number, s: BreakerSettings): Circuit {
  if (c.state !== 'closed' || !shouldOpen(calls, failures, now - oldestFailure, s)) return c;
  return opened(now, s, calls === 0 ? 0 : failures / calls, calls);
}

/** A probe ended with `outcome`. Outside half-open (another probe decided first) it changes nothing. */
export function afterProbe(c: Circuit, outcome: BreakerOutcome, now: number, s: BreakerSettings): Circuit {
  if (c.state !== 'half-open') return c;
  if (outcome === 'failure') return opened(now, s, 1 / (c.passed + 1), c.passed + 1);
  if (outcome === 'ignore') return { ...c, admitted: Math.max(0, c.admitted - 1) }; // says nothing: its slot goes to the next send
  const passed = c.passed + 1;
  if (passed >= s.halfOpenProbes) return { ...CLOSED, calls: passed };
  return { ...c, passed };
}

/** The change from `before` to `after`, or undefined when the state stayed the same. */
export function changeOf(key: string, before: Circuit, after: Circuit): BreakerChange | undefined {
  if (before.state === after.state) return undefined;
  return { key, from: before.state, to: after.state, failureRatio: after.failureRatio, calls: after.calls, probeAt: after.state === 'closed' ? undefined : after.until };
}
