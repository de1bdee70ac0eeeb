/**
 * The learned rate: what a key may send after refusals that carried no guidance (a 429 without
 * `Retry-After` or a reset header). A refusal that names a window is obeyed as a pause and never cuts.
 *
 * One congestion signal per window: a refusal cuts the rate only when the refused request was sent after
 * the last cut (it saw the lowered rate) and at least `cooldownMs` after it (the server's window, as TCP
 * cuts once per round trip). Recovery follows CUBIC's curve, as the AWS SDKs' adaptive mode does (botocore
 * `CubicCalculator`, aws-sdk-js-v3 `DefaultRateLimiter`: `rate(t) = C (t − K)³ + Wmax`, `C = 0.4`,
 * `K = ∛(Wmax (1 − β) / C)` seconds), but with `K` fixed at `recoveryMs` instead of growing with the rate:
 * a quota API that stops refusing has its quota back at once, so waiting ∛(Wmax) seconds only idles.
 * Concave up to the rate before the cut (so it lingers near the point of loss), convex beyond it (probing
 * for a higher limit); with no configured ceiling the key is released (unlimited) once the probe reaches
 * twice the rate before the cut.
 *
 * Pure maths on numbers and an explicit `now`; the per-key state is a small mutable record.
 * @module
 */
import { checkFraction, checkNonNegative, checkObject, checkPositive, invalid } from './validate.js';

/** Tuning of the learned rate. Rates are in units of weight per second. */
export interface AdaptiveOptions {
  /**
   * Multiplicative decrease: a cut sets the rate to `beta ×` the rate before it (the measured rate when
   * that is lower than the rate in force).
   * @default 0.7 (the AWS SDK adaptive retry mode's value, CUBIC's β)
   */
  readonly beta?: number;
  /**
   * How long after a cut the rate is back at the rate before it. 95 % is reached after 45 % of it.
   * @default 1000
   */
  readonly recoveryMs?: number;
  /** The rate never drops below this. @default 0.5 (the AWS SDK's minimum fill rate) */
  readonly minRate?: number;
  /**
   * Where the climb stops and the learned limit lets go (a configured `rateLimit` still applies).
   * @default the configured rate; with none, twice the rate before the last cut
   */
  readonly maxRate?: number;
  /**
   * Refusals within this many ms of a cut do not cut again: the server's window had not ended.
   * @default 1000
   */
  readonly cooldownMs?: number;
}

/** Resolved adaptive settings. */
export interface AdaptiveSettings {
  readonly beta: number;
  readonly recoveryMs: number;
  readonly minRate: number;
  readonly maxRate: number;
  readonly cooldownMs: number;
}

/** The defaults of `AdaptiveOptions`. */
export const ADAPTIVE_DEFAULTS = Object.freeze({
  /** Default of `AdaptiveOptions.beta`. */
  beta: 0.7,
  /** Default of `AdaptiveOptions.recoveryMs`. */
  recoveryMs: 1000,
  /** Default of `AdaptiveOptions.minRate`. */
  minRate: 0.5,
  /** Default of `AdaptiveOptions.maxRate`: no cap of its own. */
  maxRate: Infinity,
  /** Default of `AdaptiveOptions.cooldownMs`. */
  cooldownMs: 1000,
});

/** Validates `adaptive` options and fills in defaults. */
export function adaptiveSettings(owner: string, value: true | AdaptiveOptions): AdaptiveSettings {
  const o: AdaptiveOptions = value === true ? {} : value;
  checkObject(owner, 'adaptive', o);
  if (o.beta !== undefined) checkFraction(owner, 'adaptive.beta', o.beta);
  if (o.recoveryMs !== undefined) checkPositive(owner, 'adaptive.recoveryMs', o.recoveryMs);
  if (o.minRate !== undefined) checkPositive(owner, 'adaptive.minRate', o.minRate);
  if (o.maxRate !== undefined && !(typeof o.maxRate === 'number' && o.maxRate > 0)) invalid(owner, 'adaptive.maxRate', 'a number > 0', o.maxRate);
  if (o.cooldownMs !== undefined) checkNonNegative(owner, 'adaptive.cooldownMs', o.cooldownMs);
  const minRate = o.minRate ?? ADAPTIVE_DEFAULTS.minRate;
  const maxRate = o.maxRate ?? ADAPTIVE_DEFAULTS.maxRate;
  if (maxRate < minRate) invalid(owner, 'adaptive.maxRate', `at least adaptive.minRate (${minRate})`, maxRate);
  return {
    beta: o.beta ?? ADAPTIVE_DEFAULTS.beta,
    recoveryMs: o.recoveryMs ?? ADAPTIVE_DEFAULTS.recoveryMs,
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

/**
 * The learned rate `elapsedMs` after a cut from `wMax`: `wMax (1 − (1 − β)(1 − x)³)` with
 * `x = elapsedMs / recoveryMs`, i.e. `β wMax` at the cut, `wMax` at `recoveryMs`, flat there, growing beyond.
 */
export function cubicRate(elapsedMs: number, wMax: number, beta: number, recoveryMs: number): number {
  const x = elapsedMs <= 0 ? 0 : elapsedMs / recoveryMs;
  const d = 1 - x;
  return wMax * (1 - (1 - beta) * d * d * d);
}

/**
 * The AWS SDK's recovery (botocore `CubicCalculator.success_received`, scale 0.4, rates per second), kept as
 * the reference the learned rate is measured against: the rate `elapsedMs` after a cut from `wMax`.
 */
export function awsCubicRate(elapsedMs: number, wMax: number, beta = 0.7, scale = 0.4): number {
  const k = Math.cbrt((wMax * (1 - beta)) / scale);
  const t = elapsedMs / 1000 - k;
  return scale * t * t * t + wMax;
}

/** Per-key learned-rate state. `rate` is `Infinity` while no learned limit is in force. */
export class AdaptiveState {
  rate = Infinity;
  wMax = 0;
  releaseAt = Infinity;
  lastCutAt = -Infinity;
}

/**
 * Applies a refusal without guidance at `now`, for a request sent at `sentAt` (`-Infinity` when unknown),
 * given the `measured` rate and the `ceiling` (the configured rate, or `Infinity`). Returns true when the
 * rate was cut; false when the refusal belongs to the window already answered by the last cut.
 */
export function applyCut(st: AdaptiveState, now: number, sentAt: number, measured: number, ceiling: number, s: AdaptiveSettings): boolean {
  if (now - st.lastCutAt < s.cooldownMs || sentAt < st.lastCutAt) return false;
  const inForce = currentRate(st, now, s);
  const current = inForce < ceiling ? inForce : ceiling;
  const base = rateBeforeCut(current, measured, s.minRate);
  const cut = base * s.beta;
  st.wMax = base;
  st.rate = cut > s.minRate ? cut : s.minRate;
  const top = Math.min(ceiling, s.maxRate);
  st.releaseAt = Number.isFinite(top) ? top : 2 * base;
  st.lastCutAt = now;
  return true;
}

/** The learned rate at `now` (`Infinity` once released); updates `st.rate`. */
export function currentRate(st: AdaptiveState, now: number, s: AdaptiveSettings): number {
  if (st.rate === Infinity) return Infinity;
  const r = cubicRate(now - st.lastCutAt, st.wMax, s.beta, s.recoveryMs);
  if (r >= st.releaseAt) st.rate = Infinity;
  else st.rate = r > s.minRate ? r : s.minRate;
  return st.rate;
}
