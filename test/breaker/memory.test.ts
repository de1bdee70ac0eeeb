/**
 * memoryBreaker on a fake clock: a circuit per key, events on every change, probes limited, the signal that
 * ends retry waits, option validation.
 */
import { describe, expect, test } from 'vitest';
import { memoryBreaker, type BreakerChange } from '../../src/index.js';

function setup(opts: Parameters<typeof memoryBreaker>[0] = {}) {
  let now = 1_000_000;
  const clock = { now: () => now };
  const changes: BreakerChange[] = [];
  const b = memoryBreaker({ minimumCalls: 4, windowCalls: 10, windowMs: 1_000, minimumSpanMs: 0, openMs: 100, halfOpenProbes: 1, clock, ...opts });
  const notify = (c: BreakerChange) => changes.push(c);
  return { b, changes, notify, tick: (ms: number) => (now += ms), now: () => now };
}

describe('memoryBreaker', () => {
  test('a full cycle: closed → open → half-open → open → half-open → closed, one event per change', () => {
    const { b, changes, notify, tick, now } = setup();
    const k = 'https://api.test#abc';
    for (let i = 0; i < 3; i++) b.record(k, 'failure', false, notify);
    expect(b.admit(k, notify)).toEqual({ ok: true, probe: false }); // 3 failures: under minimumCalls
    b.record(k, 'failure', false, notify);
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open']);
    expect(changes[0]).toMatchObject({ key: k, failureRatio: 1, calls: 4, probeAt: now() + 100 });
    expect(b.admit(k, notify)).toMatchObject({ ok: false, state: 'open', probeAt: now() + 100 });
    tick(100);
    expect(b.admit(k, notify)).toEqual({ ok: true, probe: true });
    expect(b.admit(k, notify)).toMatchObject({ ok: false, state: 'half-open' }); // one probe at a time
    b.record(k, 'failure', true, notify);
    tick(100);
    expect(b.admit(k, notify)).toEqual({ ok: true, probe: true });
    b.record(k, 'success', true, notify);
    expect(b.admit(k, notify)).toEqual({ ok: true, probe: false });
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open', 'open→half-open', 'half-open→open', 'open→half-open', 'half-open→closed']);
    expect(changes.at(-1)!.probeAt).toBeUndefined();
  });

  test('4xx-like successes keep it closed; ignored outcomes do not count; keys are independent', () => {
    const { b, notify, changes } = setup();
    for (let i = 0; i < 10; i++) {
      b.record('a', i % 2 === 0 ? 'failure' : 'success', false, notify); // 50 %: opens at the 4th call
      b.record('b', i % 4 === 1 ? 'failure' : 'success', false, notify); // 25 %
      b.record('c', 'ignore', false, notify);
    }
    expect(changes.map((c) => c.key)).toEqual(['a']);
    expect(b.blocked('a')).toMatchObject({ state: 'open' });
    expect(b.blocked('b')).toBeUndefined();
    expect(b.blocked('c')).toBeUndefined();
  });

  test('after closing, the window starts afresh (old failures do not reopen it)', () => {
    const { b, notify, tick } = setup();
    for (let i = 0; i < 4; i++) b.record('k', 'failure', false, notify);
    tick(100);
    expect(b.admit('k', notify)).toMatchObject({ probe: true });
    b.record('k', 'success', true, notify);
    b.record('k', 'failure', false, notify);
    b.record('k', 'failure', false, notify);
    expect(b.blocked('k')).toBeUndefined();
  });

  test('minimumSpanMs: a burst of failures in one instant does not open it; the same failures over time do', () => {
    const { b, notify, tick } = setup({ minimumSpanMs: 250 });
    for (let i = 0; i < 8; i++) b.record('k', 'failure', false, notify);
    expect(b.blocked('k')).toBeUndefined();
    tick(250);
    b.record('k', 'failure', false, notify);
    expect(b.blocked('k')).toMatchObject({ state: 'open' });
  });

  test('openSignal aborts when the key opens, and a fresh one is handed out afterwards', () => {
    const { b, notify } = setup();
    const s1 = b.openSignal('k');
    const other = b.openSignal('other');
    expect(b.openSignal('k')).toBe(s1);
    for (let i = 0; i < 4; i++) b.record('k', 'failure', false, notify);
    expect(s1.aborted).toBe(true);
    expect((s1.reason as Error).name).toBe('CircuitOpened');
    expect(other.aborted).toBe(false);
    expect(b.openSignal('k')).not.toBe(s1);
  });

  test('a probe that says nothing frees its slot; without a listener nothing is told', () => {
    const { b, tick } = setup();
    for (let i = 0; i < 4; i++) b.record('k', 'failure', false);
    tick(100);
    expect(b.admit('k')).toMatchObject({ probe: true });
    expect(b.admit('k')).toMatchObject({ ok: false });
    b.record('k', 'ignore', true);
    expect(b.admit('k')).toMatchObject({ probe: true });
  });

  test('a listener that throws propagates (a hook is never swallowed); the state change stands', () => {
    const { b } = setup();
    for (let i = 0; i < 3; i++) b.record('k', 'failure', false);
    expect(() =>
      b.record('k', 'failure', false, () => {
        throw new Error('hook');
      }),
    ).toThrow('hook');
    expect(b.blocked('k')).toMatchObject({ state: 'open' });
  });

  test('the fast path hands out one frozen admission (no allocation per request)', () => {
    const { b } = setup();
    const a = b.admit('k');
    expect(b.admit('k')).toBe(a);
    expect(b.admit('other')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  test.each<[string, unknown, RegExp]>([
    ['failureRatio 0', { failureRatio: 0 }, /memoryBreaker: failureRatio must be a number in \(0, 1\], got 0/],
    ['failureRatio 1.5', { failureRatio: 1.5 }, /failureRatio .* got 1\.5/],
    ['failureRatio NaN', { failureRatio: Number.NaN }, /failureRatio .* got NaN/],
    ['minimumCalls 0', { minimumCalls: 0 }, /minimumCalls must be a whole number ≥ 1, got 0/],
    ['minimumCalls 2.5', { minimumCalls: 2.5 }, /minimumCalls .* got 2\.5/],
    ['windowCalls under minimumCalls', { minimumCalls: 50, windowCalls: 10 }, /windowCalls must be ≥ minimumCalls \(50\).* got 10/],
    ['windowMs -1', { windowMs: -1 }, /windowMs must be a finite number > 0, got -1/],
    ['minimumSpanMs "x"', { minimumSpanMs: 'x' }, /minimumSpanMs must be a finite number ≥ 0, got "x"/],
    ['minimumSpanMs ≥ windowMs', { windowMs: 1_000, minimumSpanMs: 1_000 }, /minimumSpanMs must be < windowMs \(1000\).* got 1000/],
    ['openMs Infinity', { openMs: Infinity }, /openMs must be a finite number > 0, got Infinity/],
    ['halfOpenProbes 0', { halfOpenProbes: 0 }, /halfOpenProbes must be a whole number ≥ 1, got 0/],
    ['a misspelt option', { failureRate: 0.5 }, /memoryBreaker: failureRate must be left out: it is not an option \(known: failureRatio/],
    ['clock without now', { clock: {} }, /memoryBreaker: clock must be an object with a now\(\) method/],
    ['options not an object', 'fast', /memoryBreaker: options must be an object, got "fast"/],
  ])('%s → TypeError naming the option and the value', (_name, opts, message) => {
    expect(() => memoryBreaker(opts as never)).toThrow(TypeError);
    expect(() => memoryBreaker(opts as never)).toThrow(message);
  });
});
