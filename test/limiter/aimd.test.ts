import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_DEFAULTS,
  AimdState,
  RateMeter,
  adaptiveSettings,
  applySuccess,
  applyThrottle,
  decreasedRate,
  increasedRate,
  rateBeforeCut,
} from '../../src/limiter/aimd.js';
import { gcraAdvance, gcraAfterPause, gcraEarliest } from '../../src/limiter/gcra.js';

describe('AIMD maths (pure)', () => {
  it('cuts multiplicatively from the measured rate when it is lower than the current one', () => {
    expect(decreasedRate(100, 40, 0.7, 0.5)).toBeCloseTo(28, 9);
    expect(decreasedRate(30, 40, 0.7, 0.5)).toBeCloseTo(21, 9); // measured above the rate in force: the rate in force
    expect(decreasedRate(Infinity, 40, 0.5, 0.5)).toBe(20);
    expect(decreasedRate(Infinity, 0, 0.7, 0.5)).toBe(0.5); // nothing known: the floor
    expect(decreasedRate(0.6, 0, 0.7, 0.5)).toBe(0.5); // never below minRate
    expect(rateBeforeCut(Infinity, 0, 2)).toBe(2);
  });

  it('climbs additively, counting at most one second per step, capped', () => {
    expect(increasedRate(10, 500, 2, 100)).toBe(11);
    expect(increasedRate(10, 60_000, 2, 100)).toBe(12);
    expect(increasedRate(10, -5, 2, 100)).toBe(10);
    expect(increasedRate(99.5, 1000, 2, 100)).toBe(100);
  });

  it('a throttle, the cooldown, the climb and the release, on fake time', () => {
    const s = adaptiveSettings('t', true);
    expect(s).toEqual({ beta: 0.7, increase: undefined, minRate: 0.5, maxRate: Infinity, cooldownMs: 1000 });
    const st = new AimdState();
    let now = 10_000;
    expect(applyThrottle(st, now, 50, Infinity, s)).toBe(true);
    expect(st.rate).toBeCloseTo(35, 9);
    expect(st.step).toBeCloseTo(2.5, 9); // 5 % of 50
    expect(st.releaseAt).toBe(100); // no ceiling: twice the rate before the cut
    expect(applyThrottle(st, now + 999, 50, Infinity, s)).toBe(false); // inside the cooldown
    now += 1000;
    expect(applySuccess(st, now)).toBe(true);
    expect(st.rate).toBeCloseTo(37.5, 9);
    expect(applySuccess(st, now)).toBe(false); // no time passed
    // A second throttle after the cooldown cuts from the (lower) rate in force.
    expect(applyThrottle(st, now, 80, Infinity, s)).toBe(true);
    expect(st.rate).toBeCloseTo(26.25, 9);
    for (let i = 0; i < 100 && st.rate !== Infinity; i++) applySuccess(st, (now += 1000));
    expect(st.rate).toBe(Infinity);
    expect(applySuccess(st, now + 1000)).toBe(false);
  });

  it('with a ceiling (the configured rate) the climb stops there and lets go', () => {
    const s = adaptiveSettings('t', { increase: 1, beta: 0.5 });
    const st = new AimdState();
    applyThrottle(st, 0, 0, 10, s);
    expect(st.rate).toBe(5);
    expect(st.releaseAt).toBe(10);
    for (let t = 1000; t <= 4000; t += 1000) applySuccess(st, t);
    expect(st.rate).toBe(9);
    applySuccess(st, 5000);
    expect(st.rate).toBe(Infinity);
  });

  it('maxRate caps the climb below the configured rate', () => {
    const s = adaptiveSettings('t', { maxRate: 6, minRate: 1 });
    const st = new AimdState();
    applyThrottle(st, 0, 20, 10, s);
    expect(st.rate).toBe(7); // 0.7 × min(10, 20)
    expect(st.releaseAt).toBe(6);
    applySuccess(st, 10);
    expect(st.rate).toBe(Infinity);
  });

  it('validates its options', () => {
    expect(() => adaptiveSettings('x', { beta: 0 })).toThrow('x: adaptive.beta must be a number between 0 and 1 (exclusive), got 0');
    expect(() => adaptiveSettings('x', { increase: -1 })).toThrow(/adaptive\.increase .* got -1/);
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
