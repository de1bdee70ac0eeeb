/**
 * The circuit's state machine as tables on fake time: every transition, the probe rounds, lost probes, and the
 * window that decides when a closed circuit opens.
 */
import { describe, expect, test } from 'vitest';
import { admitStep, afterProbe, afterWindow, CLOSED, opened, rejection, type Circuit } from '../../src/breaker/machine.js';
import { BREAKER_DEFAULTS, type BreakerSettings } from '../../src/breaker/options.js';
import { OutcomeWindow, shouldOpen } from '../../src/breaker/window.js';

const S: BreakerSettings = { ...BREAKER_DEFAULTS, minimumCalls: 4, windowCalls: 10, windowMs: 1_000, minimumSpanMs: 0, openMs: 100, halfOpenProbes: 2 };
const T = 1_000_000;

describe('shouldOpen: ratio, minimum calls, span', () => {
  const s = { minimumCalls: 4, failureRatio: 0.5, minimumSpanMs: 100 };
  test.each([
    [2, 2, 500, false, '2 failures out of 2: under minimumCalls'],
    [4, 2, 500, true, 'exactly the ratio, enough calls'],
    [4, 1, 500, false, 'under the ratio'],
    [10, 9, 99, false, 'a burst: the failures span less than minimumSpanMs'],
    [10, 9, 100, true, 'the same, sustained for minimumSpanMs'],
    [0, 0, Infinity, false, 'nothing at all'],
  ])('%i calls, %i failures over %i ms → %s (%s)', (calls, failures, span, expected) => {
    expect(shouldOpen(calls, failures, span, s)).toBe(expected);
  });
});

describe('closed → open', () => {
  test.each<[string, number, number, number, Circuit['state']]>([
    ['3 of 3 failed: too few calls', 3, 3, T - 50, 'closed'],
    ['2 of 4 failed: the ratio is reached', 4, 2, T - 50, 'open'],
    ['1 of 4 failed', 4, 1, T - 50, 'closed'],
  ])('%s', (_why, calls, failures, oldest, state) => {
    const c = afterWindow(CLOSED, calls, failures, oldest, T, S);
    expect(c.state).toBe(state);
    if (state === 'open') expect(c).toMatchObject({ until: T + S.openMs, failureRatio: failures / calls, calls });
  });

  test('an open or half-open circuit ignores the window', () => {
    const o = opened(T, S, 1, 10);
    expect(afterWindow(o, 100, 100, T - 500, T, S)).toBe(o);
  });
});

describe('open → half-open → closed | open', () => {
  const o = opened(T, S, 0.8, 10);

  test('open before openMs: rejected with the probe time; nothing claimed', () => {
    const r = admitStep(o, T + 99, S);
    expect(r.decision).toBe('reject');
    expect(r.circuit).toBe(o);
    expect(rejection(o, T + 99, S)).toEqual({ ok: false, state: 'open', probeAt: T + 100, failureRatio: 0.8, calls: 10 });
  });

  test('after openMs: the first send is a probe and the circuit is half-open for one round (openMs)', () => {
    expect(rejection(o, T + 100, S)).toBeUndefined(); // a probe is due: the next admit decides
    const r = admitStep(o, T + 100, S);
    expect(r.decision).toBe('probe');
    expect(r.circuit).toMatchObject({ state: 'half-open', until: T + 200, admitted: 1, passed: 0 });
  });

  test('half-open lets halfOpenProbes probes through, then rejects until the round ends', () => {
    const h1 = admitStep(o, T + 100, S).circuit;
    const r2 = admitStep(h1, T + 110, S);
    expect(r2.decision).toBe('probe');
    const r3 = admitStep(r2.circuit, T + 120, S);
    expect(r3.decision).toBe('reject');
    expect(rejection(r2.circuit, T + 120, S)).toMatchObject({ state: 'half-open', probeAt: T + 200 });
  });

  test('every probe succeeds → closed; one success of two is not enough', () => {
    let h = admitStep(admitStep(o, T + 100, S).circuit, T + 101, S).circuit;
    h = afterProbe(h, 'success', T + 110, S);
    expect(h).toMatchObject({ state: 'half-open', passed: 1 });
    h = afterProbe(h, 'success', T + 120, S);
    expect(h).toEqual({ ...CLOSED, calls: 2 });
  });

  test('a probe fails → open again for openMs from now', () => {
    const h = admitStep(o, T + 100, S).circuit;
    const again = afterProbe(h, 'failure', T + 130, S);
    expect(again).toMatchObject({ state: 'open', until: T + 230, failureRatio: 1, calls: 1 });
  });

  test('a probe that says nothing (429, abort) gives its slot to the next send', () => {
    const h = admitStep(admitStep(o, T + 100, S).circuit, T + 101, S).circuit;
    expect(admitStep(h, T + 102, S).decision).toBe('reject');
    const freed = afterProbe(h, 'ignore', T + 103, S);
    expect(freed.admitted).toBe(1);
    expect(admitStep(freed, T + 104, S).decision).toBe('probe');
  });

  test('lost probes (a crash, a hung send): after openMs a new round begins', () => {
    const h = admitStep(admitStep(o, T + 100, S).circuit, T + 101, S).circuit;
    expect(admitStep(h, T + 199, S).decision).toBe('reject');
    const r = admitStep(h, T + 200, S);
    expect(r.decision).toBe('probe');
    expect(r.circuit).toMatchObject({ state: 'half-open', until: T + 300, admitted: 1, passed: 0 });
  });

  test('a probe result outside half-open changes nothing', () => {
    expect(afterProbe(CLOSED, 'failure', T, S)).toBe(CLOSED);
    expect(afterProbe(o, 'success', T, S)).toBe(o);
  });

  test('closed admits everything without a new snapshot', () => {
    const r = admitStep(CLOSED, T, S);
    expect(r).toEqual({ circuit: CLOSED, decision: 'go' });
    expect(rejection(CLOSED, T, S)).toBeUndefined();
  });
});

describe('the window: the last windowCalls calls, none older than windowMs', () => {
  const tally = (w: OutcomeWindow, now: number): [number, number] => {
    w.tally(now);
    return [w.calls, w.failures];
  };

  test('counts calls and failures', () => {
    const w = new OutcomeWindow({ windowCalls: 10, windowMs: 1_000 });
    for (let i = 0; i < 6; i++) w.add(T + i, 1, i % 2);
    expect(tally(w, T + 10)).toEqual([6, 3]);
  });

  test('holds the last windowCalls calls (whole buckets)', () => {
    const w = new OutcomeWindow({ windowCalls: 10, windowMs: 1_000 });
    for (let i = 0; i < 10; i++) w.add(T + i, 1, 1); // 10 failures
    for (let i = 0; i < 10; i++) w.add(T + 10 + i, 1, 0); // then 10 successes push them out
    expect(tally(w, T + 20)).toEqual([10, 0]);
  });

  test('forgets calls older than windowMs', () => {
    const w = new OutcomeWindow({ windowCalls: 100, windowMs: 1_000 });
    for (let i = 0; i < 20; i++) w.add(T + i, 1, 1);
    expect(tally(w, T + 500)).toEqual([20, 20]);
    w.add(T + 1_500, 1, 0);
    expect(tally(w, T + 1_500)).toEqual([1, 0]);
    expect(tally(w, T + 5_000)).toEqual([0, 0]);
  });

  test('records when the oldest counted failure came', () => {
    const w = new OutcomeWindow({ windowCalls: 100, windowMs: 1_000 });
    w.add(T, 1, 0);
    w.add(T + 150, 1, 1);
    w.add(T + 300, 1, 1);
    w.tally(T + 300);
    expect(w.oldestFailure).toBe(T + 150);
    w.reset();
    w.tally(T + 300);
    expect([w.calls, w.failures, w.oldestFailure]).toEqual([0, 0, Infinity]);
  });

  test('a batch lands in one bucket (the shape the Redis store sends)', () => {
    const w = new OutcomeWindow({ windowCalls: 100, windowMs: 1_000 });
    w.add(T, 40, 30);
    expect(tally(w, T)).toEqual([40, 30]);
  });
});
