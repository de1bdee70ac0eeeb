import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_DEFAULTS,
  AdaptiveState,
  adaptiveSettings,
  applyCut,
  awsCubicRate,
  cubicRate,
  currentRate,
  rateBeforeCut,
} from '../../src/limiter/adaptive.js';
import { gcraAdvance, gcraAfterPause, gcraEarliest } from '../../src/limiter/gcra.js';
import { RateMeter } from '../../src/limiter/meter.js';

/** ms after a cut from `wMax` until `rate(ms)` first reaches `share × wMax` (1 ms steps). */
function timeTo(share: number, wMax: number, rate: (ms: number) => number): number {
  for (let ms = 0; ms < 600_000; ms++) if (rate(ms) >= share * wMax) return ms;
  return Infinity;
}

describe('learned rate (pure)', () => {
  it('the cut starts from the measured rate when it is lower than the rate in force', () => {
    expect(rateBeforeCut(100, 40, 0.5)).toBe(40);
    expect(rateBeforeCut(30, 40, 0.5)).toBe(30);
    expect(rateBeforeCut(Infinity, 40, 0.5)).toBe(40);
    expect(rateBeforeCut(Infinity, 0, 0.5)).toBe(0.5); // nothing known: the floor
    expect(rateBeforeCut(Infinity, 0, 2)).toBe(2);
  });

  it('the curve: β × wMax at the cut, concave up to wMax at recoveryMs, flat there, convex beyond', () => {
    expect(cubicRate(0, 100, 0.7, 1000)).toBeCloseTo(70, 9);
    expect(cubicRate(1000, 100, 0.7, 1000)).toBeCloseTo(100, 9);
    expect(cubicRate(450, 100, 0.7, 1000)).toBeCloseTo(100 * (1 - 0.3 * 0.55 ** 3), 9); // ≈ 95 %
    expect(cubicRate(2000, 100, 0.7, 1000)).toBeCloseTo(130, 9);
    expect(cubicRate(-5, 100, 0.7, 1000)).toBeCloseTo(70, 9);
  });

  it('recovers to 95 % of the rate before the cut 2–9× sooner than the AWS SDK’s CUBIC (botocore CubicCalculator)', () => {
    const s = adaptiveSettings('t', true);
    const rows = [10, 50, 100, 1000].map((wMax) => ({
      wMax,
      ours: timeTo(0.95, wMax, (ms) => cubicRate(ms, wMax, s.beta, s.recoveryMs)),
      aws: timeTo(0.95, wMax, (ms) => awsCubicRate(ms, wMax)),
    }));
    expect(rows.map((r) => r.ours)).toEqual([450, 450, 450, 450]);
    // AWS: K − ∛(0.05 wMax / 0.4) seconds, growing with the rate
    expect(rows.map((r) => r.aws)).toEqual([881, 1506, 1897, 4086]);
    for (const r of rows) expect(r.aws / r.ours).toBeGreaterThan(1.9);
    // and back to the full rate: 1 s against K = ∛(wMax × 0.3 / 0.4) s
    expect(timeTo(1, 100, (ms) => awsCubicRate(ms, 100))).toBe(4218);
  });

  it('one cut per window: refusals inside the cooldown, or of requests sent before the cut, do not cut again', () => {
    const s = adaptiveSettings('t', true);
    expect(s).toEqual({ beta: 0.7, recoveryMs: 1000, minRate: 0.5, maxRate: Infinity, cooldownMs: 1000 });
    const st = new AdaptiveState();
    const t0 = 10_000;
    expect(applyCut(st, t0, t0 - 50, 50, Infinity, s)).toBe(true);
    expect(st.rate).toBeCloseTo(35, 9);
    expect(st.releaseAt).toBe(100); // no ceiling: twice the rate before the cut
    expect(applyCut(st, t0 + 300, t0 + 100, 50, Infinity, s)).toBe(false); // within the cooldown: same window
    expect(applyCut(st, t0 + 1500, t0 - 10, 50, Infinity, s)).toBe(false); // sent before the cut: the same signal, answered late
    expect(st.lastCutAt).toBe(t0);
    expect(applyCut(st, t0 + 1500, t0 + 1200, 80, Infinity, s)).toBe(true); // a new window, a request that saw the cut
    // the second cut starts from the (recovering) rate in force, not the higher measured one
    expect(st.wMax).toBeCloseTo(cubicRate(1500, 50, 0.7, 1000), 9);
  });

  it('climbs with time and lets go (unlimited) once it reaches twice the rate before the cut', () => {
    const s = adaptiveSettings('t', true);
    const st = new AdaptiveState();
    applyCut(st, 0, -Infinity, 20, Infinity, s);
    expect(currentRate(st, 450, s)).toBeGreaterThanOrEqual(19);
    expect(currentRate(st, 1000, s)).toBeCloseTo(20, 9);
    expect(currentRate(st, 2000, s)).toBeCloseTo(26, 9);
    expect(currentRate(st, 2500, s)).toBe(Infinity); // 20 (1 + 0.3 × 1.5³) ≈ 40
    expect(currentRate(st, 9000, s)).toBe(Infinity);
  });

  it('with a ceiling (the configured rate) it lets go at the ceiling; maxRate caps below it; never under minRate', () => {
    const s = adaptiveSettings('t', { beta: 0.5 });
    const st = new AdaptiveState();
    applyCut(st, 0, -Infinity, 0, 10, s);
    expect(st.rate).toBe(5);
    expect(st.releaseAt).toBe(10);
    expect(currentRate(st, 999, s)).toBeLessThan(10);
    expect(currentRate(st, 1000, s)).toBe(Infinity);
    const capped = adaptiveSettings('t', { maxRate: 6, minRate: 1 });
    const st2 = new AdaptiveState();
    applyCut(st2, 0, -Infinity, 20, 10, capped);
    expect(st2.rate).toBe(7); // 0.7 × min(10, 20)
    expect(currentRate(st2, 1, capped)).toBe(Infinity); // already above maxRate: released
    const floor = adaptiveSettings('t', { minRate: 2 });
    const st3 = new AdaptiveState();
    applyCut(st3, 0, -Infinity, 1, Infinity, floor);
    expect(st3.rate).toBe(2);
  });

  it('validates its options', () => {
    expect(() => adaptiveSettings('x', { beta: 0 })).toThrow('x: adaptive.beta must be a number between 0 and 1 (exclusive), got 0');
    expect(() => adaptiveSettings('x', { recoveryMs: -1 })).toThrow(/adaptive\.recoveryMs .* got -1/);
    expect(() => adaptiveSettings('x', { minRate: 5, maxRate: 1 })).toThrow(/adaptive\.maxRate must be at least adaptive\.minRate \(5\), got 1/);
    expect(() => adaptiveSettings('x', { cooldownMs: Number.NaN })).toThrow(/adaptive\.cooldownMs .* got NaN/);
    expect(ADAPTIVE_DEFAULTS.beta).toBe(0.7);
  });
});

describe('RateMeter', () => {
  it('measures units per second over a sliding second', () => {
    const m = new RateMeter();
    for (let i = 0; i < 10; i++) m.record(1000 + i * 100, 1); // 10 in [1000, 1900]
    expect(m.rate(1950)).toBe(10);
    m.record(2000, 2); // new bucket
    expect(m.rate(2500)).toBeCloseTo(10 * 0.5 + 2, 9);
    expect(m.rate(6000)).toBe(0); // idle: forgotten
  });
});

describe('GCRA (pure)', () => {
  it('spaces weight-1 requests, lets a burst through, charges weights', () => {
    expect(gcraEarliest(0, 100, 1, 10, 1)).toBe(100);
    expect(gcraEarliest(150, 100, 1, 10, 1)).toBe(150);
    expect(gcraEarliest(150, 100, 1, 10, 3)).toBe(130);
    expect(gcraEarliest(150, 100, 5, 10, 3)).toBe(150); // heavier than the burst: full bucket
    expect(gcraAdvance(150, 100, 2, 10)).toBe(170);
    expect(gcraAdvance(50, 100, 2, 10)).toBe(120);
    expect(gcraAfterPause(0, 1000, 10, 3)).toBe(1020);
    expect(gcraAfterPause(5000, 1000, 10, 3)).toBe(5000);
  });
});
