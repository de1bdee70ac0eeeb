/**
 * The state of one limiter key, and the one rule that combines every source of a rate: a request may go
 * at the latest of the times each source allows (the pause, the GCRA of the configured or learned rate,
 * the advertised quota), and a grant is recorded in every source. Each source is a small pure piece
 * (`gcra.ts`, `adaptive.ts`, `quota.ts`); this file only composes them.
 * @module
 */
import type { AdaptiveState } from './adaptive.js';
import { GrantLog } from './grant-log.js';
import { gcraAdvance, gcraEarliest } from './gcra.js';
import type { RateMeter } from './meter.js';
import { quotaEarliest, quotaTake, rollOver, type Quota } from './quota.js';
import type { SlidingLog } from './sliding-log.js';
import type { AcquireResult } from './types.js';

/** A request waiting for its turn. */
export class Waiter {
  onAbort: (() => void) | undefined = undefined;
  constructor(
    readonly weight: number,
    readonly deadlineAt: number,
    readonly signal: AbortSignal | undefined,
    readonly since: number,
    readonly resolve: (r: AcquireResult) => void,
    readonly reject: (e: unknown) => void,
  ) {}
}

/** One key's state. Mutable, private to the limiter; the fast path reads a few fields and allocates nothing. */
export class KeyState {
  /** A 429's window: nothing goes before this. */
  pausedUntil = 0;
  /** GCRA theoretical arrival time of the rate in force (configured or learned, the stricter). */
  tat = 0;
  /** Learned rate after refusals without guidance; `undefined` until the first. */
  adaptive: AdaptiveState | undefined = undefined;
  /** When the learned rate is next recomputed (it climbs with time). */
  adaptAt = 0;
  /** The advertised quota; `undefined` until the server advertises one. */
  quota: Quota | undefined = undefined;
  /**
   * A backstop under the advertised quota: never more than its `cap` units in any span of its window,
   * whatever the estimate (answers processed late on a loaded machine can mislead it).
   */
  quotaLog: SlidingLog | undefined = undefined;
  /** Units granted and not yet answered (`observe`). */
  inFlight = 0;
  /** The recent grants, once an answer was observed (to count what an answer's `remaining` cannot include). */
  grants: GrantLog | undefined = undefined;
  queue: Waiter[] = [];
  queuedWeight = 0;
  /** Aborts the release timer. */
  wake: AbortController | undefined = undefined;
  lastUsed = 0;
  constructor(
    /** ms per unit of the rate in force (0: none). */
    public spacing: number,
    public burst: number,
    readonly meter: RateMeter | undefined,
    /** The configured limit, exact over every sliding window; `undefined` without one. */
    readonly log: SlidingLog | undefined,
  ) {}
}

/** When a request of `weight`, behind `ahead` units already queued, may go: not before `now` or the pause. */
export function earliest(s: KeyState, weight: number, now: number, ahead: number): number {
  let at = s.pausedUntil > now ? s.pausedUntil : now;
  const t = s.spacing;
  if (t > 0) at = gcraEarliest(s.tat + ahead * t, at, weight, t, s.burst);
  if (s.log !== undefined && ahead === 0) {
    const la = s.log.earliest(at, weight);
    if (la > at) at = la;
  }
  const q = s.quota;
  if (q !== undefined) {
    rollOver(q, now, s.inFlight, s.grants);
    const qa = quotaEarliest(q, at, weight, ahead);
    if (qa > at) at = qa;
    const ql = s.quotaLog;
    if (ql !== undefined && ahead === 0) {
      const la = ql.earliest(at, weight);
      if (la > at) at = la;
    }
  }
  return at;
}

/**
 * A grant released by the queue's timer may come late (a loaded event loop); GCRA then counts it from up to
 * this many units of spacing before `now`, so the key catches up on the slots the lateness cost instead of
 * running slower than its rate. The sliding log keeps a configured limit exact meanwhile.
 */
const CATCH_UP_UNITS = 2;

/** Records a grant of `weight` at `now` in every source; `late` when the queue's timer released it. */
export function take(s: KeyState, weight: number, now: number, late = false): void {
  if (s.spacing > 0) s.tat = gcraAdvance(s.tat, late ? now - CATCH_UP_UNITS * s.spacing : now, weight, s.spacing);
  s.log?.record(now, weight);
  if (s.quota !== undefined) {
    quotaTake(s.quota, now, weight, s.inFlight, s.grants);
    s.quotaLog?.record(now, weight);
  }
  s.inFlight += weight;
  s.grants?.record(now, weight, s.inFlight);
  s.meter?.record(now, weight);
}

/**
 * True when the key holds nothing worth keeping at `now` (idle, unpaused, no debt, no live quota; a learned
 * rate is kept until `idleMs` unused). Sends in flight do not keep a key: an answer for a forgotten key is ignored.
 */
export function isIdle(s: KeyState, now: number, idleMs: number): boolean {
  if (s.queue.length > 0 || s.pausedUntil > now || s.tat > now) return false;
  if (s.quota !== undefined && s.quota.endAt > now) return false;
  if (s.log !== undefined && !s.log.isEmpty(now)) return false;
  const learned = s.adaptive !== undefined && s.adaptive.rate !== Infinity;
  return !learned || now - s.lastUsed >= idleMs;
}
