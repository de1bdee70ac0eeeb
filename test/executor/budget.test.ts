import axios from 'axios';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { createExecutor, RetriesExhaustedError } from '../../src/index.js';
import { RetryBudget } from '../../src/executor/budget.js';
import { BASE, useNock } from '../helpers/nock.js';
import { virtualTime } from '../helpers/time.js';

useNock();

describe('RetryBudget', () => {
  test('allows retries up to ratio × requests in the window, plus a floor per second', () => {
    let now = 0;
    const b = new RetryBudget({ ratio: 0.2, minPerSecond: 2, ttlMs: 10_000 }, { now: () => now });
    for (let i = 0; i < 100; i++) b.deposit();
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (b.withdraw()) allowed++;
    expect(allowed).toBe(20); // 20 % of 100 (the floor's 2 are part of them)
    now += 1_000;
    expect(b.withdraw()).toBe(false); // the last 1,000 ms still hold the 20 retries
    now += 999;
    expect([b.withdraw(), b.withdraw(), b.withdraw()]).toEqual([true, true, false]); // a second later: the floor
    now += 10_000; // the window has passed: old requests no longer count
    expect([b.withdraw(), b.withdraw(), b.withdraw()]).toEqual([true, true, false]);
  });
});

describe('the executor under an outage', () => {
  test('deposits of healthy seconds do not let an outage burst: the last second holds retries near ratio × its requests', () => {
    let now = 0;
    const b = new RetryBudget({ ratio: 0.2, minPerSecond: 0, ttlMs: 10_000 }, { now: () => now });
    for (let s = 0; s < 8; s++) {
      now = s * 1_000;
      for (let i = 0; i < 100; i++) b.deposit(); // eight healthy seconds: the window allows 160 retries
    }
    now = 8_500;
    for (let i = 0; i < 100; i++) b.deposit(); // the outage second
    let allowed = 0;
    for (let i = 0; i < 200; i++) if (b.withdraw()) allowed++;
    expect(allowed).toBe(30); // 0.2 × (100 + half of the previous second's 100), not 160
  });

  test('with the budget, retries stop multiplying load; the failure says the budget is spent', async () => {
    const vt = virtualTime();
    let hits = 0;
    nock(BASE).get('/x').times(1_000).reply(() => (++hits, [503, {}]));
    const ex = createExecutor({ http: axios.create({ baseURL: BASE }), clock: vt.clock, sleep: vt.sleep, maxAttempts: 5, baseDelayMs: 1, retryBudget: { ratio: 0.2, minPerSecond: 0 } });
    const errors = await Promise.all(Array.from({ length: 50 }, () => vt.drive(ex.request({ url: '/x' })).then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as RetriesExhaustedError)));
    expect(hits / 50).toBeLessThanOrEqual(1.2);
    const reasons = errors.map((e) => e.reason);
    expect(reasons.filter((r) => r === 'budget').length).toBeGreaterThan(0);
    const budgetError = errors.find((e) => e.reason === 'budget')!;
    expect(budgetError).toBeInstanceOf(RetriesExhaustedError);
    expect(budgetError.message).toMatch(/retry budget is spent/);
  });

  test('without it, every request retries up to maxAttempts', async () => {
    const vt = virtualTime();
    let hits = 0;
    nock(BASE).get('/x').times(1_000).reply(() => (++hits, [503, {}]));
    const ex = createExecutor({ http: axios.create({ baseURL: BASE }), clock: vt.clock, sleep: vt.sleep, maxAttempts: 5, baseDelayMs: 1, retryBudget: false, breaker: false });
    await Promise.all(Array.from({ length: 20 }, () => vt.drive(ex.request({ url: '/x' })).catch(() => undefined)));
    expect(hits).toBe(100);
  });
});

describe('the budget in a 429 storm (pauses, then bursts)', () => {
  test('the burst of retries that follows each pause is not refused: requests count when their first send goes out', async () => {
    const vt = virtualTime();
    let n = 0;
    const statuses: number[] = [];
    nock(BASE)
      .get('/x')
      .times(10_000)
      .reply(() => {
        const i = n++;
        // every burst of 20 meets one 429 (a 1 s window) and 3 failures to retry (15 %: under the ratio over the window)
        const status = i % 20 === 0 ? 429 : i % 20 <= 3 ? 503 : 200;
        statuses.push(status);
        return status === 429 ? [429, {}, { 'Retry-After': '1' }] : [status, {}];
      });
    const ex = createExecutor({ http: axios.create({ baseURL: BASE }), clock: vt.clock, sleep: vt.sleep, maxAttempts: 10, baseDelayMs: 1, deadlineMs: 600_000, adaptive: false, retryBudget: { ratio: 0.2, minPerSecond: 0 } });
    let next = 0;
    const reasons: string[] = [];
    await vt.drive(
      Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next++ < 400) {
            await ex.request({ url: '/x' }).catch((e: RetriesExhaustedError) => reasons.push(e.reason));
          }
        }),
      ),
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(20); // the storm was real: a pause every burst
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(60);
    expect(reasons).toEqual([]); // not one request refused by the budget
  });
});
