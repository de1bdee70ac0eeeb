/**
 * Throttling shared by every request with the same key, against the simulator's real token bucket and its
 * Retry-After windows (counted server-side).
 */
import http from 'node:http';
import axios from 'axios';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createExecutor, DeadlineExceededError, memoryLimiter, profiles, type ThrottleEvent } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';

const agent = new http.Agent({ keepAlive: true });
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
afterAll(() => agent.destroy());

describe('a 429 pauses everyone sharing the key', () => {
  test('after a 429 with Retry-After: 1, zero requests of any caller sharing the key arrive inside that second', async () => {
    sim = await startSimulator({ dialect: 'alp' });
    sim.inject({ route: 'ticker', fault: '429', retryAfterSec: 1 });
    const events: ThrottleEvent[] = [];
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent, headers: { Authorization: 'Bearer A' } }), profile: profiles.alp, adaptive: false, onThrottle: (e) => events.push(e) });
    const first = ex.request({ url: sim.routes.ticker });
    while (events.length === 0) await new Promise((r) => setTimeout(r, 5));
    // seven more callers start inside the window; each asks five times in a row
    await Promise.all([first, ...Array.from({ length: 7 }, async () => { for (let i = 0; i < 5; i++) await ex.request({ url: sim!.routes.ticker }); })]);
    expect(sim.ledger.insideRetryAfter()).toBe(0);
    expect(sim.arrivals).toHaveLength(37); // 36 requests + the one that got the 429
    const window = sim.arrivals[0]!.at;
    expect(Math.min(...sim.arrivals.slice(1).map((a) => a.at)) - window).toBeGreaterThanOrEqual(1_000);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ waitMs: 1_005, source: 'header', scope: 'key' });
  });

  test('under continuous load, only requests already in flight when the 429 went out land in the window; nothing is sent inside it', async () => {
    sim = await startSimulator({ dialect: 'alp' });
    sim.inject({ route: 'ticker', fault: '429', retryAfterSec: 1 });
    let seenAt = 0;
    const sends: number[] = [];
    const ex = createExecutor({
      http: axios.create({ baseURL: sim.url, httpAgent: agent, headers: { Authorization: 'Bearer A' } }),
      profile: profiles.alp,
      adaptive: false,
      onThrottle: () => (seenAt = Date.now()),
      onAttempt: () => sends.push(Date.now()),
    });
    await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < 5; i++) await ex.request({ url: sim!.routes.ticker }); }));
    expect(sim.arrivals).toHaveLength(41);
    expect(sim.ledger.insideRetryAfter()).toBeLessThanOrEqual(7); // at most the other seven callers' requests in flight
    const sentInWindow = sends.filter((t) => t > seenAt && t < seenAt + 1_000);
    expect(sentInWindow).toEqual([]);
  });

  test('two accounts never throttle each other (the key hashes the credential)', async () => {
    sim = await startSimulator({ dialect: 'alp' });
    sim.inject({ route: 'ticker', fault: '429', retryAfterSec: 1 });
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.alp });
    const a = ex.request({ url: sim.routes.ticker, headers: { Authorization: 'Bearer account-A' } });
    await new Promise((r) => setTimeout(r, 30)); // A's 429 has arrived
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await ex.request({ url: sim.routes.ticker, headers: { Authorization: 'Bearer account-B' } });
    expect(Date.now() - t0).toBeLessThan(500); // B was not paused
    await a;
    expect(sim.ledger.insideRetryAfter()).toBe(0);
    expect(sim.arrivals.filter((x) => x.apiKey === 'Bearer account-B')).toHaveLength(5);
    expect(sim.arrivals.filter((x) => x.apiKey === 'Bearer account-A')).toHaveLength(2);
  });

  test('a throttle wait longer than the deadline fails at once with DeadlineExceededError', async () => {
    sim = await startSimulator({ dialect: 'alp' });
    sim.inject({ route: 'ticker', fault: '429', retryAfterSec: 30 });
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.alp, deadlineMs: 2_000 });
    const t0 = Date.now();
    const err = await ex.request({ url: sim.routes.ticker }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(sim.arrivals).toHaveLength(1);
  });

  test('throttle waits do not use up maxAttempts', async () => {
    sim = await startSimulator({ dialect: 'orderly' });
    sim.inject({ route: 'ticker', fault: '429', retryAfterSec: 0, times: 3 });
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.orderly, maxAttempts: 1 });
    const res = await ex.request({ url: sim.routes.ticker });
    expect(res.status).toBe(200);
    expect(sim.arrivals).toHaveLength(4);
  });
});

describe('proactive limits keep the executor under a known limit', () => {
  test("the profile's per-route limit: 20 orders against a server allowing 5 per 100 ms get zero 429s", async () => {
    sim = await startSimulator({ dialect: 'orderly', rateLimit: { limit: 5, intervalMs: 100 } });
    const profile = { ...profiles.orderly, rateLimits: [{ limit: 5, intervalMs: 100, url: /\/v1\/order/ }] };
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile });
    await Promise.all(Array.from({ length: 20 }, (_, i) => ex.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', `p-${i}`) })));
    expect(sim.arrivals.filter((a) => a.status === 429)).toHaveLength(0);
    expect(sim.arrivals).toHaveLength(20);
    expect(sim.ledger.effects).toHaveLength(20);
  });

  test('the same burst without the proactive limit does get 429s (the limit is real)', async () => {
    sim = await startSimulator({ dialect: 'orderly', rateLimit: { limit: 5, intervalMs: 100 } });
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.orderly, rateLimit: false, adaptive: false, retryBudget: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => ex.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', `q-${i}`) })));
    expect(sim.arrivals.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    expect(sim.ledger.effects).toHaveLength(20);
  });

  test('adaptive rate: a 429 without Retry-After lowers the allowed rate for that key', async () => {
    sim = await startSimulator({ dialect: 'batchdata' });
    sim.inject({ route: 'ticker', fault: '429-no-retry-after' });
    const limiter = memoryLimiter({ adaptive: true });
    let rateAfter = Number.NaN;
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.batchdata, limiter, baseDelayMs: 10, onThrottle: () => (rateAfter = limiter.rateOf(sim!.url)) });
    expect(limiter.rateOf(sim.url)).toBe(Number.POSITIVE_INFINITY);
    await ex.request({ url: sim.routes.ticker });
    expect(rateAfter).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(rateAfter).toBeGreaterThan(0);
    expect(sim.arrivals).toHaveLength(2);
    await limiter.close();
  });
});
