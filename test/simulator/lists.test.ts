/**
 * List routes as documented, and the ways a list can miss an order that exists: a count cap, a page, a time
 * window, and a visibility lag. The coming "absent must be proven" rule is tested against exactly these.
 */
import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { byClientId, DIALECTS, errorCode, orderBody, send, type Seen } from './helpers.js';

const DAY = 86_400_000;

function clock(start = Date.UTC(2026, 5, 1, 12, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), at: () => t };
}

async function withSim(sim: Simulator, body: (sim: Simulator) => Promise<void>): Promise<void> {
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

const ids = (seen: Seen, field = 'id'): unknown[] => (seen.json as Array<Record<string, unknown>>).map((o) => o[field]);

describe('ALP GET /api/v3/accounts/order', () => {
  it('filters pair, side (BUY/SELL against BID/ASK) and start_time/end_time, newest first', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'alp', now: c.now }), async (sim) => {
      const t0 = c.at();
      const orders = [
        { pair: 'BTC_USDT', order_side: 'BUY' },
        { pair: 'ETH_USDT', order_side: 'SELL' },
        { pair: 'BTC_USDT', order_side: 'ASK' },
        { pair: 'BTC_USDT', order_side: 'bid' },
      ];
      for (const [i, o] of orders.entries()) {
        await send(sim, 'POST', sim.routes.placeOrder, { ...orderBody('alp', `a${i}`), ...o });
        c.advance(60_000);
      }
      const list = (query: string) => send(sim, 'GET', `${sim.routes.listOrders}${query}`);
      expect(ids(await list(''))).toEqual([4, 3, 2, 1]);
      expect(ids(await list('?pair=BTC_USDT'))).toEqual([4, 3, 1]);
      expect(ids(await list('?side=BUY'))).toEqual([4, 1]);
      expect(ids(await list('?side=SELL&pair=BTC_USDT'))).toEqual([3]);
      expect(ids(await list('?open_only=true'))).toEqual([4, 3, 2, 1]); // simulated orders stay open
      // start_time (≥) and end_time (<): RFC 3339 (the 2023-24 reference) or Unix seconds (the 2026 one).
      const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
      expect(ids(await list(`?start_time=${iso(t0 + 60_000)}&end_time=${iso(t0 + 180_000)}`))).toEqual([3, 2]);
      expect(ids(await list(`?start_time=${(t0 + 120_000) / 1000}`))).toEqual([4, 3]);
      const bad = await list('?start_time=yesterday');
      expect([bad.status, bad.json]).toEqual([400, { code: 'BAD_REQUEST', message: 'invalid start_time format' }]);
      const badSide = await list('?side=LONG');
      expect([badSide.status, (badSide.json as { code: string }).code]).toEqual([422, 'VALIDATION_ERROR']);
      expect(sim.ledger.effects).toHaveLength(4);
    });
  });

  it('the 30-day window: a default look-back, at most 30 days per query; and only the 100 most recent orders', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'alp', now: c.now }), async (sim) => {
      const t0 = c.at();
      await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', 'old'));
      c.advance(31 * DAY);
      for (let i = 0; i < 104; i += 1) await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', `n${i}`));
      const recent = await send(sim, 'GET', sim.routes.listOrders);
      expect(recent.json).toHaveLength(100);
      expect(ids(recent)[0]).toBe(105);
      expect(ids(recent).at(-1)).toBe(6); // orders 2..5 exist, within the window, and are cut by the cap
      // Asking for the old order's day finds it; asking for more than 30 days at once is refused.
      const sec = (ms: number) => ms / 1000;
      expect(ids(await send(sim, 'GET', `${sim.routes.listOrders}?start_time=${sec(t0 - DAY)}`))).toEqual([1]);
      expect(ids(await send(sim, 'GET', `${sim.routes.listOrders}?end_time=${sec(t0 + 1)}`))).toEqual([1]);
      const wide = await send(sim, 'GET', `${sim.routes.listOrders}?start_time=${sec(t0)}&end_time=${sec(c.at())}`);
      expect([wide.status, wide.json]).toEqual([400, { code: 'BAD_REQUEST', message: 'start_time and end_time interval must not exceed 30 days' }]);
      expect(sim.ledger.effects).toHaveLength(105);
    });
  });

  it('cap and window are configurable', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'alp', now: c.now, lists: { cap: 2, windowMs: 1_000 } }), async (sim) => {
      for (const id of ['a', 'b', 'c']) await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', id));
      expect(ids(await send(sim, 'GET', sim.routes.listOrders))).toEqual([3, 2]);
      c.advance(1_001);
      expect(await send(sim, 'GET', sim.routes.listOrders).then((s) => s.json)).toEqual([]);
    });
  });
});

describe('Orderly GET /v1/orders', () => {
  it('pages (size default 25, max 500), newest first unless CREATED_TIME_ASC, meta counts every match', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'orderly', now: c.now }), async (sim) => {
      for (let i = 0; i < 30; i += 1) {
        const side = i % 3 === 0 ? 'SELL' : 'BUY';
        await send(sim, 'POST', sim.routes.placeOrder, { ...orderBody('orderly', `o${i}`), side });
        c.advance(10);
      }
      const page = async (query: string) => (await send(sim, 'GET', `${sim.routes.listOrders}${query}`)).json as { data: { meta: unknown; rows: Array<{ order_id: number }> } };
      const first = await page('');
      expect(first.data.meta).toEqual({ total: 30, records_per_page: 25, current_page: 1 });
      expect(first.data.rows.map((r) => r.order_id)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
      expect((await page('?page=2')).data.rows.map((r) => r.order_id)).toEqual([5, 4, 3, 2, 1]);
      expect((await page('?size=3&sort_by=CREATED_TIME_ASC')).data.rows.map((r) => r.order_id)).toEqual([1, 2, 3]);
      const sells = await page('?side=SELL&size=500');
      expect(sells.data.meta).toEqual({ total: 10, records_per_page: 500, current_page: 1 });
      const t = c.at();
      expect((await page(`?start_t=${t - 50}&end_t=${t}`)).data.rows.map((r) => r.order_id)).toEqual([30, 29, 28, 27, 26]);
      expect((await page('?status=FILLED')).data.meta).toMatchObject({ total: 0 });
      const tooBig = await send(sim, 'GET', `${sim.routes.listOrders}?size=501`);
      expect([tooBig.status, (tooBig.json as { code: number }).code]).toEqual([400, -1005]);
      const row = first.data.rows[0]!;
      expect(row).toMatchObject({ order_id: 30, symbol: 'PERP_BTC_USDC', side: 'BUY', type: 'LIMIT', status: 'NEW', client_order_id: 'o29', created_time: expect.any(Number) });
    });
  });
});

describe('Binance GET /api/v3/allOrders', () => {
  it('symbol mandatory; most recent up to limit (chronological); from startTime or orderId the oldest; 24 h at most', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'binance', now: c.now }), async (sim) => {
      const t0 = c.at();
      for (let i = 0; i < 6; i += 1) {
        await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', `b${i}`));
        c.advance(1_000);
      }
      const list = (query: string) => send(sim, 'GET', `${sim.routes.listOrders}${query}`);
      expect(ids(await list(''), 'orderId')).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ids(await list('&limit=2'), 'orderId')).toEqual([5, 6]);
      expect(ids(await list(`&limit=2&startTime=${t0 + 1_000}`), 'orderId')).toEqual([2, 3]);
      expect(ids(await list('&limit=2&orderId=3'), 'orderId')).toEqual([3, 4]);
      expect(ids(await list(`&limit=2&endTime=${t0 + 3_000}`), 'orderId')).toEqual([3, 4]);
      expect((await list(`&startTime=${t0}&endTime=${t0 + DAY + 1}`)).json).toEqual({ code: -1127, msg: 'More than 24 hours between startTime and endTime.' });
      expect((await list('&limit=1001')).json).toEqual({ code: -1102, msg: "'limit' contains unexpected value. Cannot be greater than 1000." });
      expect((await send(sim, 'GET', '/api/v3/allOrders')).json).toEqual({ code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
      expect((await send(sim, 'GET', '/api/v3/allOrders?symbol=ETHUSDT')).json).toEqual([]);
    });
  });

  it('pageSize sets the default limit; cap cuts what any query can see', async () => {
    await withSim(await startSimulator({ dialect: 'binance', lists: { pageSize: 2, cap: 3 } }), async (sim) => {
      for (let i = 0; i < 5; i += 1) await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', `p${i}`));
      expect(ids(await send(sim, 'GET', sim.routes.listOrders), 'orderId')).toEqual([4, 5]);
      expect(ids(await send(sim, 'GET', `${sim.routes.listOrders}&limit=10`), 'orderId')).toEqual([3, 4, 5]);
      expect(ids(await send(sim, 'GET', `${sim.routes.listOrders}&orderId=1&limit=10`), 'orderId')).toEqual([3, 4, 5]);
    });
  });
});

/** The answer to an open order's client id sent again. */
const DUPLICATE = { orderly: [409, -1007], binance: [400, -2010], bybit: [200, 110072], okx: [200, '51016'] } as const;

describe('visibility lag: an applied order shows in lists and lookups only lagMs later', () => {
  it.each(DIALECTS)('%s', async (dialect) => {
    const c = clock();
    await withSim(await startSimulator({ dialect, now: c.now, lists: { lagMs: 500 }, ...(byClientId(dialect) ? {} : { intentKey: 'ref' }) }), async (sim) => {
      const placed = await send(sim, 'POST', sim.routes.placeOrder, orderBody(dialect, 'lag-1'));
      expect(placed.status).toBe(200);
      const lookupId = byClientId(dialect) ? 'lag-1' : sim.arrivals[0]!.intent!;
      const seenBy = async (): Promise<[boolean, boolean]> => {
        const lookup = await send(sim, 'GET', sim.routes.getOrder(lookupId));
        const list = await send(sim, 'GET', sim.routes.listOrders);
        // Found: the answer shows the order (every dialect's order carries the id or ref sent). Not found: an empty
        // history (Infinex), an empty list (Bybit) or a not-found error.
        return [lookup.status === 200 && lookup.text.includes('lag-1'), list.text.includes('lag-1')];
      };
      expect(await seenBy()).toEqual([false, false]);
      c.advance(499);
      expect(await seenBy()).toEqual([false, false]);
      // The matching engine knows the order at once: a resend of the same client id is refused meanwhile.
      if (dialect === 'orderly' || dialect === 'binance' || dialect === 'bybit' || dialect === 'okx') {
        const again = await send(sim, 'POST', sim.routes.placeOrder, orderBody(dialect, 'lag-1'));
        expect([again.status, errorCode(dialect, again.json)]).toEqual(DUPLICATE[dialect]);
      }
      c.advance(1);
      expect(await seenBy()).toEqual([true, dialect !== 'alp']); // ALP's list items carry no client_order_id
      expect(sim.ledger.effects).toHaveLength(1);
    });
  });
});

describe('list options are validated', () => {
  it.each([
    [{ cap: -1 }, /lists\.cap/],
    [{ pageSize: 0 }, /lists\.pageSize/],
    [{ pageSize: 501 }, /lists\.pageSize must be at most 500/],
    [{ lagMs: 1.5 }, /lists\.lagMs/],
    [{ windowMs: 0 }, /lists\.windowMs/],
  ])('%j', async (lists, message) => {
    await expect(startSimulator({ dialect: 'orderly', lists })).rejects.toThrow(message);
  });
});
