/**
 * Property: a list that is capped, paginated or lagging never yields `absent` for an order that was applied; and a
 * list that demonstrably covers the send, once the settle time has passed, does yield `absent` for one that was not
 * (so the property can fail both ways). Shapes and delays are drawn by fast-check and played against the real
 * simulator (its list routes, count caps, page sizes, time filters and visibility lag), on one virtual clock shared
 * by the server and the lookups. The visibility lag is drawn up to the settle time: that bound is the settle time's
 * documented assumption.
 */
import http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { lookups, verifyInList, type VerifyContext, type VerifyHook, type VerifyResult } from '../../src/index.js';
import { startSimulator, type DialectName, type ListOptions, type Simulator } from '../../src/testing/index.js';
import { send } from '../simulator/helpers.js';

const agent = new http.Agent({ keepAlive: true });
afterAll(() => agent.destroy());

const SETTLE_MS = 1_000;
const SKEW_MS = 2_000;
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

interface Shape {
  readonly dialect: DialectName;
  /** The simulator's list options for a drawn cap / page size / lag. */
  readonly lists: (cap: number, lagMs: number) => ListOptions;
  /** An order body; `id` is its client order id where the API has one; `price` tells orders apart. */
  readonly order: (id: string, price: number) => Record<string, unknown>;
  /** The lookup under test, told what the API documents (its cap or the page size it asks for). */
  readonly hook: (cap: number, clock: { now: () => number }) => VerifyHook;
}

const SHAPES: Shape[] = [
  {
    // ALP "Orders": newest first, "up to 100 most recent" (here `cap`), start_time in whole seconds.
    dialect: 'alp',
    lists: (cap, lagMs) => ({ cap, lagMs }),
    order: (id, price) => ({ pair: 'BTC_USDT', order_side: 'BUY', order_type: 'LIMIT', wallet_type: 'SPOT', base_amount: '0.1', limit_price: String(price), client_order_id: id }),
    hook: (cap, clock) => lookups.alp({ cap, settleMs: SETTLE_MS, skewMs: SKEW_MS, clock }),
  },
  {
    // Infinex history: oldest first, capped at `cap` (the lookup is told the cap, not the order).
    dialect: 'infinex',
    lists: (cap, lagMs) => ({ cap, lagMs }),
    order: (_id, price) => ({ pair: 'BTC_USDT', side: 'BUY', type: 'LIMIT', amount: '0.1', price: String(price) }),
    hook: (cap, clock) => lookups.infinex({ limit: cap, settleMs: SETTLE_MS, skewMs: SKEW_MS, clock }),
  },
  {
    // Orderly "Get orders": pages of `size` (here `cap`), newest first, meta.total; found by client_order_id.
    dialect: 'orderly',
    lists: (_cap, lagMs) => ({ lagMs }),
    order: (id, price) => ({ symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: price, order_quantity: 0.1, client_order_id: id }),
    hook: (size, clock) =>
      verifyInList({
        url: () => '/v1/orders',
        params: (_ctx, w) => ({ symbol: 'PERP_BTC_USDC', start_t: Math.floor(w.from), size, page: 1 }),
        items: (d) => ((d as { data?: { rows?: unknown[] } }).data?.rows),
        more: (d, items) => Number((d as { data: { meta: { total: number } } }).data.meta.total) > items.length,
        match: (item, ctx) => (item as { client_order_id?: unknown }).client_order_id === ctx.operationId,
        unique: true,
        limit: size,
        settleMs: SETTLE_MS,
        skewMs: SKEW_MS,
        clock,
      }),
  },
  {
    // Binance "All orders" with startTime: the OLDEST items from startTime up to `limit` (the cut keeps the oldest).
    dialect: 'binance',
    lists: (_cap, lagMs) => ({ lagMs }),
    order: (id, price) => ({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: String(price), newClientOrderId: id }),
    hook: (limit, clock) =>
      verifyInList({
        url: () => '/api/v3/allOrders',
        params: (_ctx, w) => ({ symbol: 'BTCUSDT', startTime: Math.floor(w.from), limit }),
        items: (d) => (Array.isArray(d) ? d : undefined),
        match: (item, ctx) => (item as { clientOrderId?: unknown }).clientOrderId === ctx.operationId,
        unique: true,
        limit,
        keeps: 'oldest',
        itemTime: (item) => (item as { time?: number }).time,
        settleMs: SETTLE_MS,
        skewMs: SKEW_MS,
        clock,
      }),
  },
];

/** One drawn scenario: when things happen, relative to the request's start (ms). */
interface Draw {
  readonly cap: number;
  readonly lagMs: number;
  /** Orders placed shortly before the request began (inside the query's skew margin) and long before it. */
  readonly near: number;
  readonly far: number;
  /** Orders placed after the failure, before the second check. */
  readonly after: number;
  /** Request start → the order applied (when it is) → the failure → check 1 → check 2. */
  readonly toApply: number;
  readonly toFailure: number;
  readonly toCheck1: number;
  readonly toCheck2: number;
}

const draw = (o: { maxAfter?: (cap: number) => number; settled?: boolean } = {}): fc.Arbitrary<Draw> =>
  fc.integer({ min: 1, max: 12 }).chain((cap) =>
    fc.record({
      cap: fc.constant(cap),
      lagMs: fc.integer({ min: 0, max: SETTLE_MS }),
      near: fc.integer({ min: 0, max: o.settled ? 0 : 4 }),
      far: fc.integer({ min: 0, max: 4 }),
      after: fc.integer({ min: 0, max: o.maxAfter ? o.maxAfter(cap) : 2 * cap + 2 }),
      toApply: fc.integer({ min: 0, max: 300 }),
      toFailure: fc.integer({ min: 0, max: 300 }),
      toCheck1: fc.integer({ min: 0, max: SETTLE_MS }),
      toCheck2: o.settled ? fc.integer({ min: SETTLE_MS, max: 3 * SETTLE_MS }) : fc.integer({ min: 0, max: 3 * SETTLE_MS }),
    }),
  );

/** Plays `d` on a fresh simulator; returns the lookup's answers at check 1 and check 2. */
async function play(shape: Shape, d: Draw, applied: boolean): Promise<[VerifyResult, VerifyResult]> {
  let t = T0;
  const clock = { now: () => t };
  const sim: Simulator = await startSimulator({ dialect: shape.dialect, lists: shape.lists(d.cap, d.lagMs), now: clock.now });
  try {
    let price = 60_000;
    const place = async (at: number, id: string): Promise<void> => {
      t = at;
      const res = await send(sim, 'POST', sim.routes.placeOrder, shape.order(id, price++));
      if (res.status !== 200) throw new Error(`placing ${id}: ${res.status} ${res.text}`);
    };
    const start = T0 + 60_000;
    for (let i = 0; i < d.far; i++) await place(start - 30_000 + i, `far-${i}`);
    for (let i = 0; i < d.near; i++) await place(start - SKEW_MS + 10 + i * 10, `near-${i}`);
    const target = shape.order('target-op', 59_000);
    const applyAt = start + d.toApply;
    if (applied) {
      t = applyAt;
      const res = await send(sim, 'POST', sim.routes.placeOrder, target);
      if (res.status !== 200) throw new Error(`placing the target: ${res.status} ${res.text}`);
    }
    const failureAt = applyAt + d.toFailure;
    const check1 = failureAt + d.toCheck1;
    const check2 = check1 + d.toCheck2;
    for (let i = 0; i < d.after; i++) await place(failureAt + 1 + Math.floor(((check2 - failureAt - 1) * i) / Math.max(1, d.after)), `after-${i}`);
    const http: AxiosInstance = axios.create({ baseURL: sim.url, httpAgent: agent });
    const hook = shape.hook(d.cap, clock);
    const failure = Object.freeze({ kind: 'http' as const, sent: true, status: 504, message: 'Gateway timeout' });
    const ctx = (check: number, now: number): VerifyContext => ({
      operationId: 'target-op',
      request: { method: 'POST', url: sim.routes.placeOrder, data: target },
      failure,
      check,
      elapsedMs: now - start,
      signal: new AbortController().signal,
      http,
    });
    t = check1;
    const first = await hook(ctx(1, check1));
    t = check2;
    const second = await hook(ctx(2, check2));
    return [first, second];
  } finally {
    await sim.close();
  }
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

describe.each(SHAPES)('$dialect list lookups', (shape) => {
  test('an applied order is never answered absent, whatever the cap, page, lag and timing', async () => {
    await fc.assert(
      fc.asyncProperty(draw(), async (d) => {
        const [first, second] = await play(shape, d, true);
        expect(first.outcome).not.toBe('absent');
        expect(second.outcome).not.toBe('absent');
      }),
      { numRuns: RUNS },
    );
  });

  test('an order never placed is answered absent once the settle time has passed and the list covers the send', async () => {
    await fc.assert(
      fc.asyncProperty(draw({ settled: true, maxAfter: (cap) => cap - 1 }), async (d) => {
        const [first, second] = await play(shape, d, false);
        expect(first.outcome).toBe('unknown'); // the first check never proves absence: no time has surely passed
        expect(second.outcome).toBe('absent');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('counterexamples found by the properties when a rule was broken on purpose, kept as plain cases', () => {
  const base: Draw = { cap: 1, lagMs: 0, near: 0, far: 0, after: 0, toApply: 0, toFailure: 0, toCheck1: 0, toCheck2: SETTLE_MS };
  const [alp, infinex, , binance] = SHAPES as [Shape, Shape, Shape, Shape];

  test('a lag of 1 ms and no settle time: the applied order is not yet visible, and that is not absence', async () => {
    const [first, second] = await play(alp, { ...base, cap: 2, lagMs: 1, toCheck2: 0 }, true);
    expect([first.outcome, second.outcome]).toEqual(['unknown', 'unknown']);
  });

  test('a capped list full of newer orders hides the applied order: unknown, not absent', async () => {
    expect((await play(alp, { ...base, cap: 3, after: 3 }, true))[1].outcome).toBe('unknown');
    expect((await play(infinex, { ...base, cap: 4, after: 4 }, true))[1].outcome).toBe('unknown');
  });

  test('Binance allOrders from startTime keeps the oldest: one older order fills a limit of 1; unknown, not absent', async () => {
    expect((await play(binance, { ...base, near: 1 }, true))[1].outcome).toBe('unknown');
  });

  test('the same lists, uncut and settled, prove an order never placed absent', async () => {
    for (const s of [alp, infinex, binance]) expect((await play(s, { ...base, cap: 5, after: 2 }, false))[1].outcome).toBe('absent');
  });
});
