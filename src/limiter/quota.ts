/**
 * The advertised rate: a key's quota as the server tells it on every response (`Advert`), kept as an
 * estimate of the current server window: how many units we may still send (`left`) and when the window is
 * surely over (`endAt`, an upper bound). Requests are paced so that what is left lasts until `endAt`, and
 * never more than `left` go out before it.
 *
 * Why upper bounds: a window that ends later than we think costs a few ms of idling; one that ends earlier
 * than we think sends the next window's requests into this one, and they are refused. Every advert bounds
 * the end from above: the answered request hit the server before we read the answer (`receivedAt`), and the
 * window holding that hit ends within `resetMs` of it (rounded up when `coarse`) and within one `windowMs`.
 * The tightest bound wins, so the first answer after a window opened (the request that refilled `remaining`,
 * as @fastify/rate-limit and express-rate-limit open a window on the first hit after the last one ended)
 * fixes the window's phase to within one round trip, even when the server speaks only in whole seconds.
 *
 * Counting: `left` drops by every grant; an advert lowers it to `remaining − inFlight` (units sent but not
 * yet answered may not have been counted yet). Adverts for requests sent before the current estimate began
 * (`sentAt < since`) describe an older window and are ignored. When `endAt` passes, the estimate rolls over
 * to a full window (`limit`, or the most ever seen left, minus what is still in flight) until the next answer.
 * @module
 */
import type { Advert } from './advert/types.js';
import type { GrantLog } from './grant-log.js';

/**
 * Pacing aims to have spent what is left this share of the remaining time before the window ends, so that
 * timers firing late on a loaded machine do not push the last units past the end (where they are lost).
 */
const FINISH_EARLY = 0.1;

/** A key's advertised-quota estimate. */
export class Quota {
  /** The quota per window: the advertised `limit`, else the most ever seen available (`remaining + weight`). */
  cap = 0;
  /** The window's length, when known (policy `w`), else the longest reset seen. */
  windowMs = 0;
  /** Units we may still send before `endAt`. */
  left = 0;
  /** When the current window is surely over (epoch ms). */
  endAt = 0;
  /** How uncertain `endAt` is: the window may end up to this many ms earlier (the round trip that set it). */
  endSlack = 0;
  /** Adverts for requests sent before this belong to an earlier window. */
  since = -Infinity;
  /** Pacing: a ramp from `rampAt` to `rampEnd` over `rampLeft` units, `rampTaken` of them granted. */
  rampAt = 0;
  /** The last grant in the current window (a re-planned ramp continues from it). */
  lastGrantAt = -Infinity;
  rampEnd = 0;
  rampLeft = 0;
  rampTaken = 0;
  /** Units granted since the estimate last rolled over, and in the estimate before (bounds `inFlight`). */
  granted = 0;
  grantedBefore = 0;
  /** When an advert was last applied, and whether one sent inside the current estimate has been. */
  readAt = -Infinity;
  readFresh = false;
  /** When the request of the newest advert applied was sent. */
  lastSentAt = -Infinity;
}

/** With plenty left, adverts are read at most this often (ms): reading one costs a structured-field parse. */
export const READ_EVERY_MS = 50;

/**
 * Whether an answer's advert is worth reading: always while the estimate has not seen an answer sent inside
 * it (that one fixes the window's phase), while less than half the quota is left (where the count decides),
 * and otherwise every `READ_EVERY_MS` (others may spend the same quota). Skipping the rest keeps the success
 * path cheap on APIs with large quotas.
 */
export function shouldRead(q: Quota, now: number, sentAt: number): boolean {
  if (sentAt < q.since) return now >= q.endAt; // it describes an older window (unless this one is over too)
  if (!q.readFresh) return true;
  return q.left * 2 < q.cap || now - q.readAt >= READ_EVERY_MS || now >= q.endAt;
}

/**
 * Creates the estimate from a first advert. `recent`, when known, is what we granted within the last
 * window's length: the window holds at least that much of ours (exactly that, when our first hit opened it).
 */
export function newQuota(a: Advert, weight: number, sentAt: number, receivedAt: number, inFlight: number, recent?: number): Quota {
  const q = new Quota();
  q.cap = a.limit ?? a.remaining + weight;
  q.windowMs = a.windowMs ?? a.resetMs;
  q.left = a.remaining - inFlight;
  if (recent !== undefined && q.cap - recent < q.left) q.left = q.cap - recent;
  q.endAt = receivedAt + upperBound(a);
  q.endSlack = receivedAt - sentAt;
  q.since = sentAt;
  plan(q, receivedAt);
  q.readAt = receivedAt;
  q.readFresh = true;
  q.lastSentAt = sentAt;
  return q;
}

/** Ms after the answer by which the window holding the answered request is surely over. */
function upperBound(a: Advert): number {
  return a.windowMs !== undefined && a.windowMs < a.resetMs ? a.windowMs : a.resetMs;
}

/**
 * Rolls the estimate over to a fresh window when `now` is past `endAt`. Counted as spent in it: what is still
 * in flight, and what was granted since the window may have ended (`endSlack` before `endAt`): those may
 * have landed in the new window, even been answered already. The first answer sent inside the new estimate
 * then sets what is left (`quotaObserve`).
 */
export function rollOver(q: Quota, now: number, inFlight: number, grants?: GrantLog): void {
  if (now < q.endAt) return;
  const late = grants === undefined ? 0 : grants.since(q.endAt - q.endSlack);
  const inflight = Math.min(inFlight, q.granted + q.grantedBefore);
  const pending = late > inflight ? late : inflight;
  q.grantedBefore = q.granted;
  q.granted = 0;
  q.left = q.cap - pending;
  // The next window starts with our next hit at the latest-known phase: bound it by two windows until an answer tightens it.
  q.endAt = now + 2 * q.windowMs;
  q.since = now;
  q.readFresh = false;
  q.lastGrantAt = -Infinity;
  plan(q, now);
}

/**
 * Plans the pacing from `now`: what is left spread evenly until shortly before the window ends. The ramp is
 * cumulative (a unit may go once its share of the time has passed), so a late wake-up releases every unit
 * that fell due meanwhile instead of losing them.
 */
function plan(q: Quota, now: number): void {
  q.rampLeft = q.left > 0 ? q.left : 0;
  q.rampEnd = q.endAt > now ? q.endAt - (q.endAt - now) * FINISH_EARLY : now;
  // continue from the last grant: the next unit one step after it, not at once
  const step = q.rampLeft > 0 ? (q.rampEnd - now) / q.rampLeft : 0;
  const next = q.lastGrantAt + step;
  q.rampAt = next > now ? (next < q.rampEnd ? next : q.rampEnd) : now;
  q.rampTaken = 0;
}

/**
 * The earliest time, not before `from`, at which `weight` units conform to the advertised quota, behind
 * `ahead` units already waiting. The first unit of a ramp goes at its start (at once, unless it was re-planned
 * one step after the last grant); the rest follow the ramp.
 */
export function quotaEarliest(q: Quota, from: number, weight: number, ahead = 0): number {
  if (from >= q.endAt) return from; // a fresh window by then
  const left = q.left - ahead;
  if (left < weight) {
    if (ahead === 0 && q.left >= q.cap && q.left > 0) return from; // heavier than a whole window: a full one lets it through
    if (ahead === 0 || q.cap <= 0 || q.windowMs <= 0) return q.endAt;
    return q.endAt + (Math.ceil((weight - left) / q.cap) - 1) * q.windowMs;
  }
  const due = q.rampTaken + ahead + weight - 1; // units that must have fallen due first
  const at = due <= 0 || q.rampLeft <= 0 ? q.rampAt : q.rampAt + (Math.min(due, q.rampLeft) / q.rampLeft) * (q.rampEnd - q.rampAt);
  return at > from ? at : from;
}

/** Records `weight` units granted at `at`. */
export function quotaTake(q: Quota, at: number, weight: number, inFlight: number, grants?: GrantLog): void {
  rollOver(q, at, inFlight, grants);
  q.left -= weight;
  q.granted += weight;
  q.rampTaken += weight;
  q.lastGrantAt = at;
}

/**
 * Applies an advert for a request of `weight` sent at `sentAt` and answered at `receivedAt`, with `uncounted`
 * units the advert cannot include (in flight, or granted after the request left). The newest answer (by send
 * time) sets what is left, each answer being a conservative estimate of its own (the roll-over's guess and
 * older answers' conservatism are not carried along); among answers to requests that left together the best
 * estimate wins; an older answer only ever lowers it. The window's end only ever tightens. Returns true when the estimate changed (waiters should be rechecked).
 */
export function quotaObserve(q: Quota, a: Advert, weight: number, sentAt: number, receivedAt: number, uncounted: number, grants?: GrantLog): boolean {
  rollOver(q, receivedAt, uncounted, grants);
  if (sentAt < q.since) return false;
  const newest = !q.readFresh || sentAt > q.lastSentAt;
  // answers to requests that left together are as fresh as each other: each is a conservative estimate, keep the best
  const tie = !newest && sentAt === q.lastSentAt;
  q.readAt = receivedAt;
  q.readFresh = true;
  if (newest) q.lastSentAt = sentAt;
  if (a.limit !== undefined) q.cap = a.limit;
  else if (a.remaining + weight > q.cap) q.cap = a.remaining + weight;
  const w = a.windowMs ?? a.resetMs;
  if (a.windowMs !== undefined || w > q.windowMs) q.windowMs = w;
  const end = receivedAt + upperBound(a);
  const left = a.remaining - (uncounted < q.cap ? uncounted : q.cap);
  let changed = false;
  if (end < q.endAt) {
    q.endAt = end;
    q.endSlack = receivedAt - sentAt;
    changed = true;
  }
  if (newest ? left !== q.left : tie ? left > q.left : left < q.left) {
    q.left = left;
    changed = true;
  }
  if (changed) plan(q, receivedAt);
  return changed;
}
