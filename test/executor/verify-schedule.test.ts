/**
 * The verify schedule on virtual time: checks back off from `verifyDelayMs`, unless the hook says when it can tell
 * more (`checkAgainInMs`, e.g. when the settle time ends); the hook is told how long ago the failure was
 * (`sinceFailureMs`). What nock saw is asserted: one resend, after the check that proved `absent`.
 */
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import type { VerifyContext, VerifyResult } from '../../src/index.js';
import { setup } from '../helpers/executor.js';
import { BASE, useNock } from '../helpers/nock.js';

useNock();

function scripted(answers: VerifyResult[]): { hook: (ctx: VerifyContext) => VerifyResult; seen: number[] } {
  const seen: number[] = [];
  return {
    seen,
    hook: (ctx) => {
      seen.push(ctx.sinceFailureMs ?? -1);
      return answers[ctx.check - 1] ?? { outcome: 'unknown' };
    },
  };
}

describe('verify schedule', () => {
  test('without a hint, checks back off from verifyDelayMs (200, 400, 800 ms after the failure: 200, 600, 1400)', async () => {
    const { hook, seen } = scripted([{ outcome: 'unknown' }, { outcome: 'unknown' }, { outcome: 'absent' }]);
    const { vt, ex } = setup({ verify: hook, verifyDelayMs: 200, retryBudget: false, limiter: false, breaker: false });
    const scope = nock(BASE).post('/orders').reply(504).post('/orders').reply(200, { ok: true });
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(res.status).toBe(200);
    expect(seen).toEqual([200, 600, 1400]);
    expect(scope.isDone()).toBe(true);
  });

  test('a hint moves the next check to when the hook can tell (the settle time), not later and not sooner', async () => {
    const { hook, seen } = scripted([{ outcome: 'unknown', checkAgainInMs: 4_800 }, { outcome: 'absent' }]);
    const { vt, ex } = setup({ verify: hook, verifyDelayMs: 200, retryBudget: false, limiter: false, breaker: false });
    const scope = nock(BASE).post('/orders').reply(504).post('/orders').reply(200, { ok: true });
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(res.status).toBe(200);
    expect(seen).toEqual([200, 5_001]); // two lookups in all: the first, then one when the settle time has passed (+1 ms: timers fire early)
    expect(scope.isDone()).toBe(true);
  });

  test('a nonsense hint (negative, NaN, a string) is ignored: the backoff applies', async () => {
    const bad = [-5, Number.NaN, '3000'] as unknown as number[];
    const { hook, seen } = scripted([...bad.map((h) => ({ outcome: 'unknown' as const, checkAgainInMs: h })), { outcome: 'absent' }]);
    const { vt, ex } = setup({ verify: hook, verifyDelayMs: 100, retryBudget: false, limiter: false, breaker: false });
    nock(BASE).post('/orders').reply(504).post('/orders').reply(200, { ok: true });
    await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(seen).toEqual([100, 300, 700, 1_500]);
  });

  test('a hint past the deadline ends in IndeterminateError without a resend', async () => {
    const { hook } = scripted([{ outcome: 'unknown', checkAgainInMs: 60_000 }]);
    const { vt, ex } = setup({ verify: hook, verifyDelayMs: 200, deadlineMs: 10_000, retryBudget: false, limiter: false, breaker: false });
    const scope = nock(BASE).post('/orders').reply(504);
    const err = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } })).catch((e: unknown) => e);
    expect((err as Error).name).toBe('IndeterminateError');
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
