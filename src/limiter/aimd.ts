/**
 * Adaptive rate: AIMD (additive increase, multiplicative decrease) per limiter key.
 *
 * A throttle cuts the allowed rate to `beta ×` the rate actually measured (or the rate in force, if
 * lower); every success after that lets it climb back by `increase` units per second of time, up to the
 * configured rate (then the configured rate alone applies) or, with no configured rate, up to twice the
 * rate at the cut, where the key becomes unlimited again.
 *
 * `beta` defaults to 0.7, the value of the AWS SDKs' adaptive retry mode (botocore `ClientRateLimiter`,
 * aws-sdk-js-v3 `DefaultRateLimiter`; it is CUBIC's β). A 429 from a quota-limited API says we are a little
 * over a fixed quota, not that a network collapsed: the pause already absorbs the server's window, so a
 * gentle cut loses less throughput (the sawtooth averages ≈ 85 % of the quota at 0.7, ≈ 75 % at TCP
 * Reno's 0.5) and recovers sooner.
 *
 * The maths are pure functions of numbers and an explicit `now`; the per-key state is a small mutable
 * record so the hot path allocates nothing.
 * @module
 */
import { checkFraction, checkNonNegative, checkObject, checkPositive, invalid } from './validate.js';

/** Tuning of the adaptive rate. Rates are in units of weight per second. */
export interface AdaptiveOptions {
  /**
   * Multiplicative decrease: on a throttle the rate becomes `beta ×` the measured rate.
   * @default 0.7 (the AWS SDK adaptive retry mode's value)
   */
  readonly beta?: number;
  /**
   * Additive increase: units per second added to the rate for every second in which successes arrive.
   * @default 5 % of the rate before the last cut, at least `minRate` (so recovery takes ≈ 6 s whatever the scale)
   */
  readonly increase?: number;
  /** The rate never drops below this. @default 0.5 (the AWS SDK's minimum fill rate) */
  readonly minRate?: number;
  /**
   * Where the climb stops and the adaptive limit lets go (a configured `rateLimit` still applies).
   * @default the configured rate; with none, twice the rate before the last cut
   */
  readonly maxRate?: number;
  /**
   * Throttles within this many ms of a cut do not cut again: they answer requests sent before it.
   * @default 1000
   */
  readonly cooldownMs?: number;
}

/** Resolved adaptive settings (`increase` stays optional: it defaults per cut). */
export interface AdaptiveSettings {
  readonly beta: number;
  readonly increase: number | undefined;
  readonly minRate: number;
  readonly maxRate: number;
  readonly cooldownMs: number;
}

/** The defaults of `AdaptiveOptions`. */
export const ADAPTIVE_DEFAULTS = Object.freeze({
  /** Default of `AdaptiveOptions.beta`. */
  beta: 0.7,
  /** Default of `AdaptiveOptions.minRate`. */
  minRate: 0.5,
  /** Default of `AdaptiveOptions.maxRate`: no cap of its own. */
  maxRate: Infinity,
  /** Default of `AdaptiveOptions.cooldownMs`. */
  cooldownMs: 1000,
  /** The default `increase`, as a share of the rate before the last cut. */
  increaseShare: 0.05,
});

/** Validates `adaptive` options and fills in defaults. */
export function adaptiveSettings(owner: string, value: true | AdaptiveOptions): AdaptiveSettings {
  const o: AdaptiveOptions = value === true ? {} : value;
  checkObject(owner, 'adaptive', o);
  if (o.beta !== undefined) checkFraction(owner, 'adaptive.beta', o.beta);
  if (o.increase !== undefined) checkPositive(owner, 'adaptive.increase', o.increase);
  if (o.minRate !== undefined) checkPositive(owner, 'adaptive.minRate', o.minRate);
  if (o.maxRate !== undefined && !(typeof o.maxRate === 'number' && o.maxRate > 0)) invalid(owner, 'adaptive.maxRate', 'a number > 0', o.maxRate);
  if (o.cooldownMs !== undefined) checkNonNegative(owner, 'adaptive.cooldownMs', o.cooldownMs);
  const minRate = o.minRate ?? ADAPTIVE_DEFAULTS.minRate;
  const maxRate = o.maxRate ?? ADAPTIVE_DEFAULTS.maxRate;
  if (maxRate < minRate) invalid(owner, 'adaptive.maxRate', `at least adaptive.minRate (${minRate})`, maxRate);
  return {
    beta: o.beta ?? ADAPTIVE_DEFAULTS.beta,
    increase: o.increase,
    minRate,
    maxRate,
    cooldownMs: o.cooldownMs ?? ADAPTIVE_DEFAULTS.cooldownMs,
  };
}

/**
 * The rate a cut starts from: the measured rate when it is below the current one (the caller was not using
 * its whole allowance), else the current rate; with neither (unlimited and nothing measured), `minRate`.
 */
export function rateBeforeCut(current: number, measured: number, minRate: number): number {
  if (measured > 0 && measured < current) return measured;
  if (Number.isFinite(current)) return current;
  return measured > minRate ? measured : minRate;
}

/** The rate after a throttle: `beta × rateBeforeCut(...)`, at least `minRate`. */
export function decreasedRate(current: number, measured: number, beta: number, minRate: number): number {
  const cut = rateBeforeCut(current, measured, minRate) * beta;
  return cut > minRate ? cut : minRate;
}

/** The rate after `elapsedMs` of successes: `+ step` per second (at most one second counted), capped at `ceiling`. */
export function increasedRate(rate: number, elapsedMs: number, step: number, ceiling: number): number {
  const dt = elapsedMs <= 0 ? 0 : elapsedMs >= 1000 ? 1 : elapsedMs / 1000;
  const next = rate + step * dt;
  return next < ceiling ? next : ceiling;
}

/** Per-key adaptive state. `rate` is `Infinity` while the adaptive limit is not in force. */
export class AimdState {
  rate = Infinity;
  step = 0;
  releaseAt = Infinity;
  lastCutAt = -Infinity;
  lastStepAt = 0;
}

/**
 * Applies a throttle at `now` given the `measured` rate (units/s) and `ceiling` (the configured rate in
 * units/s, or `Infinity`). Returns true when the rate changed (false inside the cooldown).
 */
export function applyThrottle(st: AimdState, now: number, measured: number, ceiling: number, s: AdaptiveSettings): boolean {
  if (now - st.lastCutAt < s.cooldownMs) return false;
  const current = st.rate < ceiling ? st.rate : ceiling;
  const base = rateBeforeCut(current, measured, s.minRate);
  st.rate = decreasedRate(current, measured, s.beta, s.minRate);
  st.step = s.increase ?? Math.max(s.minRate, base * ADAPTIVE_DEFAULTS.increaseShare);
  const top = Math.min(ceiling, s.maxRate);
  st.releaseAt = Number.isFinite(top) ? top : 2 * base;
  st.lastCutAt = now;
  st.lastStepAt = now;
  return true;
}

/** Applies a success at `now`. Returns true when the rate changed. */
export function applySuccess(st: AimdState, now: number): boolean {
  if (st.rate === Infinity) return false;
  const elapsed = now - st.lastStepAt;
  if (elapsed <= 0) return false;
  st.lastStepAt = now;
  const next = increasedRate(st.rate, elapsed, st.step, st.releaseAt);
  st.rate = next >= st.releaseAt ? Infinity : next;
  return true;
}

/**
 * Measures the granted rate (units of weight per second) with a sliding-window counter: two one-second
 * buckets, the previous one weighted by how much of it still overlaps the last second.
 */
export class RateMeter {
  private start = -Infinity;
  private cur = 0;
  private prev = 0;

  /** Records `weight` units granted at `now`. */
  record(now: number, weight: number): void {
    if (now - this.start >= 1000) this.roll(now);
    this.cur += weight;
  }

  /** Units granted over the last second, as of `now`. */
  rate(now: number): number {
    if (now - this.start >= 1000) this.roll(now);
    const f = (now - this.start) / 1000;
    return this.prev * (1 - f) + this.cur;
  }

  private roll(now: number): void {
    const d = now - this.start;
    if (d >= 2000) {
      this.prev = 0;
      this.start = now;
    } else {
      this.prev = this.cur;
      this.start += 1000;
    }
    this.cur = 0;
  }
}
