import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/testing/index.js';
import { KeyedTokenBuckets, RetryAfterWindows, retryAfterSeconds } from '../../src/testing/rate-limit.js';
import { errorCode, orderBody, send } from './helpers.js';

const as = (key: string) => ({ headers: { Authorization: `Bearer ${key}` } });

describe('Retry-After windows', () => {
  it('a 429 with Retry-After opens a window for that API key only; arrivals inside it are flagged and counted', async () => {
    const sim = await startSimulator({ dialect: 'infinex' });
    try {
      sim.inject({ route: 'placeOrder', fault: '429', retryAfterSec: 5 });
      const limited = await send(sim, 'POST', sim.routes.placeOrder, orderBody('infinex', 'w1'), as('A'));
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('5');
      expect(errorCode('infinex', limited.json)).toBe('TOO_MANY_REQUESTS');
      await send(sim, 'GET', sim.routes.ticker, undefined, as('A')); // any route counts
      await send(sim, 'POST', sim.routes.placeOrder, orderBody('infinex', 'w1'), as('A'));
      await send(sim, 'GET', sim.routes.ticker, undefined, as('B')); // another key is not waiting
      expect(sim.arrivals.map((a) => [a.apiKey, a.insideRetryAfter])).toEqual([
        ['Bearer A', false],
        ['Bearer A', true],
        ['Bearer A', true],
        ['Bearer B', false],
      ]);
      expect(sim.ledger.insideRetryAfter()).toBe(2);
      expect(sim.ledger.effects).toHaveLength(1); // the resend inside the window was still served
      const [window, ...more] = sim.ledger.retryAfterWindows();
      expect(more).toEqual([]);
      expect(window).toEqual({ apiKey: 'Bearer A', from: expect.any(Number), until: window!.from + 5_000 });
      expect(window!.from).toBeGreaterThanOrEqual(sim.arrivals[0]!.at); // announced when the 429 was sent
      expect(window!.from).toBeLessThanOrEqual(sim.arrivals[1]!.at);
    } finally {
      await sim.close();
    }
  });

  it('429-no-retry-after opens no window; the key falls back to X-Api-Key, orderly-key, then anon', async () => {
    const sim = await startSimulator({ dialect: 'orderly' });
    try {
      sim.inject({ fault: '429-no-retry-after' });
      const limited = await send(sim, 'GET', sim.routes.ticker, undefined, { headers: { 'orderly-key': 'ed25519:k' } });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBeUndefined();
      await send(sim, 'GET', sim.routes.ticker, undefined, { headers: { 'orderly-key': 'ed25519:k' } });
      await send(sim, 'GET', sim.routes.ticker, undefined, { headers: { 'X-Api-Key': 'x1', 'orderly-key': 'ignored' } });
      await send(sim, 'GET', sim.routes.ticker);
      expect(sim.arrivals.map((a) => a.apiKey)).toEqual(['ed25519:k', 'ed25519:k', 'x1', 'anon']);
      expect(sim.ledger.insideRetryAfter()).toBe(0);
      expect(sim.ledger.retryAfterWindows()).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('token bucket', () => {
  it('a burst of limit + 3 from one key gets exactly 3 dialect 429s with Retry-After; another key is unaffected', async () => {
    const sim = await startSimulator({ dialect: 'orderly', rateLimit: { limit: 5, intervalMs: 60_000 } });
    try {
      const seen = [];
      for (let i = 0; i < 8; i += 1) {
        seen.push(await send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', `t${i}`), { headers: { 'orderly-key': 'k1' } }));
      }
      const other = await send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', 't-other'), { headers: { 'orderly-key': 'k2' } });
      expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      expect(seen.slice(5).map((s) => errorCode('orderly', s.json))).toEqual([-1003, -1003, -1003]);
      // One token comes back every 12 s.
      expect(seen.slice(5).map((s) => s.headers['retry-after'])).toEqual(['12', '12', '12']);
      expect(other.status).toBe(200);
      expect(sim.arrivals).toHaveLength(9);
      expect(sim.ledger.effects).toHaveLength(6);
      expect(sim.arrivals.slice(5, 8).every((a) => a.fault === undefined && a.status === 429 && !a.applied)).toBe(true);
      // The 2nd and 3rd 429 arrived inside the window the 1st one opened.
      expect(sim.ledger.insideRetryAfter()).toBe(2);
    } finally {
      await sim.close();
    }
  });

  it('concurrent burst: still exactly k rejections', async () => {
    const sim = await startSimulator({ dialect: 'alp', rateLimit: { limit: 10, intervalMs: 60_000 } });
    try {
      const seen = await Promise.all(Array.from({ length: 14 }, () => send(sim, 'GET', sim.routes.ticker)));
      expect(seen.filter((s) => s.status === 429)).toHaveLength(4);
      expect(seen.filter((s) => s.status === 429).every((s) => errorCode('alp', s.json) === 'TOO_MANY_REQUESTS')).toBe(true);
      expect(sim.arrivals).toHaveLength(14);
    } finally {
      await sim.close();
    }
  });

  it('BatchData sends no Retry-After unless asked; retryAfter: false suppresses it elsewhere', async () => {
    const quiet = await startSimulator({ dialect: 'batchdata', rateLimit: { limit: 1, intervalMs: 60_000 } });
    const loud = await startSimulator({ dialect: 'batchdata', rateLimit: { limit: 1, intervalMs: 60_000, retryAfter: true } });
    const alp = await startSimulator({ dialect: 'alp', rateLimit: { limit: 1, intervalMs: 60_000, retryAfter: false } });
    try {
      for (const sim of [quiet, loud, alp]) {
        await send(sim, 'GET', sim.routes.ticker);
        await send(sim, 'GET', sim.routes.ticker);
        await send(sim, 'GET', sim.routes.ticker);
        expect(sim.arrivals.map((a) => a.status)).toEqual([200, 429, 429]);
      }
      const quiet429 = await send(quiet, 'GET', quiet.routes.ticker);
      expect(quiet429.json).toEqual({ status: { code: 429, text: 'Too Many Requests', message: expect.any(String) } });
      expect(quiet429.headers['retry-after']).toBeUndefined();
      expect(quiet.ledger.insideRetryAfter()).toBe(0);
      expect((await send(loud, 'GET', loud.routes.ticker)).headers['retry-after']).toBe('60');
      expect(loud.ledger.insideRetryAfter()).toBe(2);
      expect((await send(alp, 'GET', alp.routes.ticker)).headers['retry-after']).toBeUndefined();
      expect(alp.ledger.insideRetryAfter()).toBe(0);
    } finally {
      await Promise.all([quiet.close(), loud.close(), alp.close()]);
    }
  });

  it('refills continuously (fake clock)', () => {
    const buckets = new KeyedTokenBuckets(2, 1000);
    expect(buckets.take('k', 0)).toEqual({ ok: true });
    expect(buckets.take('k', 0)).toEqual({ ok: true });
    expect(buckets.take('k', 0)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(buckets.take('k', 250)).toEqual({ ok: false, retryAfterMs: 250 });
    expect(buckets.take('k', 500)).toEqual({ ok: true });
    expect(buckets.take('other', 500)).toEqual({ ok: true });
    expect(buckets.take('k', 10_000)).toEqual({ ok: true }); // capped at capacity 2
    expect(buckets.take('k', 10_000)).toEqual({ ok: true });
    expect(buckets.take('k', 10_000).ok).toBe(false);
    expect(() => new KeyedTokenBuckets(0, 1000)).toThrow(RangeError);
  });

  it('Retry-After is whole seconds, rounded up, at least 1; windows expire (fake clock)', () => {
    expect([0, 1, 999, 1000, 1001, 11_999.9].map(retryAfterSeconds)).toEqual([1, 1, 1, 1, 2, 12]);
    const windows = new RetryAfterWindows();
    windows.open('k', 1000);
    windows.open('k', 500); // an earlier end does not shorten the window
    expect(windows.isInside('k', 999)).toBe(true);
    expect(windows.isInside('k', 1000)).toBe(false);
    expect(windows.isInside('other', 0)).toBe(false);
    expect(windows.given).toEqual([]); // no announcement time: not listed
    windows.open('k', 3000, 2000);
    windows.open('k', 2500, 1500); // overlapping and shorter: still listed as announced
    windows.open('j', 100, 100); // empty: not listed
    expect(windows.given).toEqual([
      { apiKey: 'k', from: 2000, until: 3000 },
      { apiKey: 'k', from: 1500, until: 2500 },
    ]);
    expect(windows.isInside('k', 2999)).toBe(true);
  });
});
