/**
 * The rate maths shared by the memory and Redis limiters: GCRA (the generic cell rate algorithm, a
 * token bucket kept as one number, the "theoretical arrival time").
 *
 * Why GCRA: one number per key, O(1) per request, exact and reservation-friendly (the wait a request
 * needs is known at once, so a deadline can be refused without reserving), and the same arithmetic runs
 * in-process and inside the Redis Lua script. With `burst: 1` (the default) grants are spaced
 * `intervalMs / limit` apart, so every sliding window of `intervalMs` holds at most `limit` weight-1 grants,
 * and nothing stampedes when a pause ends.
 * @module
 */
import { checkObject, checkPositive, invalid } from './validate.js';

/**
 * A proactive rate: at most `limit` units of weight per `intervalMs`.
 * @example { limit: 50, intervalMs: 1_000 } // 50 requests per second, one every 20 ms
 */
export interface RateLimit {
  /** Units of weight allowed per interval (a weight-1 request costs 1). */
  readonly limit: number;
  /** The interval, in milliseconds. */
  readonly intervalMs: number;
  /**
   * Units that may go back to back without spacing (the bucket's capacity). `1` spaces every grant
   * `intervalMs / limit` apart, which keeps every sliding window of `intervalMs` at or under `limit`;
   * `limit` lets a whole window's worth go at once. A request heavier than `burst` waits for a full bucket.
   * In-process (`memoryLimiter`), a sliding log also holds every sliding window of `intervalMs` at or under
   * `limit` whatever the burst (a token bucket alone lets up to twice `limit` across a window edge), and a
   * rate above one unit per ms gets at least one ms worth of burst (timers tick in whole ms). In Redis
   * (`redisLimiter`) the spacing alone applies: with weights above 1 a window may hold `limit + weight - 1`.
   * @default 1
   */
  readonly burst?: number;
}

/** Checks a `RateLimit` option; throws a `TypeError` naming `option` and the bad value. */
export function checkRateLimit(owner: string, option: string, value: unknown): RateLimit {
  checkObject(owner, option, value);
  const r = value as RateLimit;
  checkPositive(owner, `${option}.limit`, r.limit);
  checkPositive(owner, `${option}.intervalMs`, r.intervalMs);
  if (r.burst !== undefined && (typeof r.burst !== 'number' || !Number.isFinite(r.burst) || r.burst < 1)) {
    invalid(owner, `${option}.burst`, 'a finite number >= 1', r.burst);
  }
  return r;
}

/** Milliseconds one unit of weight occupies: `(intervalMs + marginMs) / limit`. */
export function emissionInterval(rate: RateLimit, marginMs = 0): number {
  return (rate.intervalMs + marginMs) / rate.limit;
}

/** Units of weight per second that a rate allows. */
export function ratePerSecond(rate: RateLimit): number {
  return (rate.limit * 1000) / rate.intervalMs;
}

/**
 * The earliest time, not before `from`, at which a request of `weight` conforms.
 * @param tat theoretical arrival time: when the bucket would be full again (0 = full now)
 * @param from the earliest time allowed anyway (now, or the end of a pause)
 * @param spacing ms per unit of weight (`emissionInterval`)
 * @param burst bucket capacity in units; a heavier request needs a full bucket
 */
export function gcraEarliest(tat: number, from: number, weight: number, spacing: number, burst: number): number {
  const b = weight > burst ? weight : burst;
  const at = tat + (weight - b) * spacing;
  return at > from ? at : from;
}

/** The theoretical arrival time after granting `weight` at time `at`. */
export function gcraAdvance(tat: number, at: number, weight: number, spacing: number): number {
  return (tat > at ? tat : at) + weight * spacing;
}

/**
 * The theoretical arrival time that leaves exactly one unit available at `until` (the end of a pause):
 * requests queued behind a pause then leave one by one, `spacing` apart, instead of all at once.
 */
export function gcraAfterPause(tat: number, until: number, spacing: number, burst: number): number {
  const floor = until + (burst - 1) * spacing;
  return tat > floor ? tat : floor;
}
