/**
 * The Binance dialect against a real server: spot orders deduplicated by newClientOrderId, lookups by
 * origClientOrderId, −1007 after applying, request weight per IP in fixed windows, 429 then a 418 IP ban for a
 * client that keeps sending, and allOrders' limits.
 */
import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody, send, type Seen } from './helpers.js';

function clock(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
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

const code = (seen: Seen): unknown => (seen.json as { code?: unknown } | undefined)?.code;
const weight = (seen: Seen): string | undefined => seen.headers['x-mbx-used-weight-1m'];

describe('binance: orders, lookups, duplicates', () => {
  it('places with newClientOrderId, refuses the same id again (-2010), looks it up by origClientOrderId or orderId', async () => {
    await withSim(await startSimulator({ dialect: 'binance' }), async (sim) => {
      const placed = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'c-1'));
      const again = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'c-1'));
      const byClient = await send(sim, 'GET', sim.routes.getOrder('c-1'));
      const byId = await send(sim, 'GET', '/api/v3/order?symbol=BTCUSDT&orderId=1');
      const otherSymbol = await send(sim, 'GET', '/api/v3/order?symbol=ETHUSDT&origClientOrderId=c-1');
      const missing = await send(sim, 'GET', sim.routes.getOrder('c-2'));
      const noSymbol = await send(sim, 'GET', '/api/v3/order?origClientOrderId=c-1');
      const noId = await send(sim, 'GET', '/api/v3/order?symbol=BTCUSDT');

      expect(placed.status).toBe(200);
      // LIMIT orders answer FULL by default: the RESULT fields plus fills (none: simulated orders rest).
      expect(placed.json).toMatchObject({ symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'c-1', status: 'NEW', type: 'LIMIT', side: 'BUY', price: '65000.00000000', origQty: '0.10000000', fills: [] });
      expect([again.status, again.json]).toEqual([400, { code: -2010, msg: 'Duplicate order sent.' }]);
      expect(byClient.status).toBe(200);
      expect(byClient.json).toMatchObject({ symbol: 'BTCUSDT', orderId: 1, clientOrderId: 'c-1', status: 'NEW', isWorking: true, time: expect.any(Number) });
      expect(byId.json).toEqual(byClient.json);
      expect([otherSymbol.status, code(otherSymbol)]).toEqual([400, -2013]);
      expect([missing.status, missing.json]).toEqual([400, { code: -2013, msg: 'Order does not exist.' }]);
      expect([noSymbol.status, code(noSymbol)]).toEqual([400, -1102]);
      expect(noId.json).toEqual({ code: -1102, msg: "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!" });
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['c-1']);
      expect(sim.arrivals.map((a) => a.applied)).toEqual([true, false, false, false, false, false, false, false]);
    });
  });

  it('answers ACK, RESULT or FULL per newOrderRespType; generates a clientOrderId when none is sent; checks the mandatory fields', async () => {
    await withSim(await startSimulator({ dialect: 'binance' }), async (sim) => {
      const base = { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '70000' };
      const ack = await send(sim, 'POST', sim.routes.placeOrder, { ...base, newClientOrderId: 'r-ack', newOrderRespType: 'ACK' });
      const result = await send(sim, 'POST', sim.routes.placeOrder, { ...base, newClientOrderId: 'r-res', newOrderRespType: 'RESULT' });
      const market = await send(sim, 'POST', sim.routes.placeOrder, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '100' });
      const noSide = await send(sim, 'POST', sim.routes.placeOrder, { symbol: 'BTCUSDT', type: 'LIMIT' });
      const badSide = await send(sim, 'POST', sim.routes.placeOrder, { ...base, side: 'HOLD' });
      const noPrice = await send(sim, 'POST', sim.routes.placeOrder, { ...base, price: '' });
      const json = await send(sim, 'POST', sim.routes.placeOrder, JSON.stringify(base)); // Binance reads forms, not JSON

      expect(ack.json).toEqual({ symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'r-ack', transactTime: expect.any(Number) });
      expect(result.json).toMatchObject({ orderId: 2, clientOrderId: 'r-res', status: 'NEW', executedQty: '0.00000000' });
      expect(result.json).not.toHaveProperty('fills');
      expect(market.json).toMatchObject({ orderId: 3, clientOrderId: expect.stringMatching(/^sim\d+$/), fills: [] });
      expect(noSide.json).toEqual({ code: -1102, msg: "Mandatory parameter 'side' was not sent, was empty/null, or malformed." });
      expect(badSide.json).toEqual({ code: -1117, msg: 'Invalid side.' });
      expect(noPrice.json).toEqual({ code: -1102, msg: "Mandatory parameter 'price' was not sent, was empty/null, or malformed." });
      expect(code(json)).toBe(-1102);
      expect(sim.ledger.effects).toHaveLength(3);
      // Without newClientOrderId the intent is the canonical order: a resend of it would count as the same intent.
      expect(sim.arrivals[2]!.intent).toContain('"quoteOrderQty":"100"');
    });
  });

  it('-1007 after applying: the order exists exactly once; a resend is refused as a duplicate and the lookup finds it', async () => {
    await withSim(await startSimulator({ dialect: 'binance' }), async (sim) => {
      sim.inject({ route: 'placeOrder', fault: 'timeout-after' });
      sim.inject({ route: 'placeOrder', fault: 'timeout-before' });
      const lost = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'x-1'));
      const notPlaced = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'x-2'));
      const resend = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'x-1'));
      const found = await send(sim, 'GET', sim.routes.getOrder('x-1'));
      const absent = await send(sim, 'GET', sim.routes.getOrder('x-2'));

      expect([lost.status, lost.json]).toEqual([408, { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' }]);
      expect([notPlaced.status, code(notPlaced)]).toEqual([408, -1007]);
      expect([resend.status, code(resend)]).toEqual([400, -2010]);
      expect([found.status, (found.json as { clientOrderId: string }).clientOrderId]).toEqual([200, 'x-1']);
      expect(code(absent)).toBe(-2013);
      expect(sim.arrivals.map((a) => [a.fault, a.applied])).toEqual([
        ['timeout-after', true],
        ['timeout-before', false],
        [undefined, false],
        [undefined, false],
        [undefined, false],
      ]);
      expect(sim.ledger.count('x-1')).toBe(1);
      expect(sim.ledger.count('x-2')).toBe(0);
      expect(sim.ledger.duplicates()).toEqual([]);
    });
    // The status of the −1007 answer is configurable (the docs give the body, not the status).
    await withSim(await startSimulator({ dialect: 'binance', binance: { timeoutStatus: 503 } }), async (sim) => {
      sim.inject({ fault: 'timeout-after' });
      expect((await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'y'))).status).toBe(503);
      expect(sim.ledger.count('y')).toBe(1);
    });
  });
});

describe('binance: request weight, 429 and the 418 IP ban', () => {
  it('X-MBX-USED-WEIGHT-1M on every answer, by route weight, per IP, reset when the minute turns', async () => {
    const c = clock(Date.UTC(2026, 0, 1, 12, 0, 30));
    await withSim(await startSimulator({ dialect: 'binance', now: c.now }), async (sim) => {
      const ip = (addr: string) => ({ headers: { 'X-Forwarded-For': addr } });
      const seen = [
        await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'w1'), ip('10.0.0.1')), // 1
        await send(sim, 'GET', sim.routes.getOrder('w1'), undefined, ip('10.0.0.1')), // 4
        await send(sim, 'GET', sim.routes.listOrders, undefined, ip('10.0.0.1')), // 20
        await send(sim, 'GET', `${sim.routes.ticker}?symbol=BTCUSDT`, undefined, ip('10.0.0.1')), // 2
        await send(sim, 'GET', sim.routes.ticker, undefined, ip('10.0.0.1')), // 4
        await send(sim, 'GET', '/api/v3/nope', undefined, ip('10.0.0.1')), // 1, and a 404
        await send(sim, 'GET', sim.routes.ticker, undefined, ip('10.0.0.2')), // another IP: its own count
      ];
      expect(seen.map(weight)).toEqual(['1', '5', '25', '27', '31', '32', '4']);
      expect(seen[5]!.status).toBe(404);
      c.advance(29_999); // still 12:00:59.999
      expect(weight(await send(sim, 'GET', sim.routes.ticker, undefined, ip('10.0.0.1')))).toBe('36');
      c.advance(1); // 12:01:00.000: a new window
      expect(weight(await send(sim, 'GET', sim.routes.ticker, undefined, ip('10.0.0.1')))).toBe('4');
    });
  });

  it('over the weight limit: 429 -1003 with Retry-After to the window end; a client that keeps sending is banned with 418', async () => {
    const c = clock(Date.UTC(2026, 0, 1, 12, 0, 0, 200));
    const sim = await startSimulator({ dialect: 'binance', now: c.now, binance: { weightLimit: 10, weightWindowMs: 10_000, banMs: 120_000, banAfter: 3 } });
    await withSim(sim, async () => {
      const tick = () => send(sim, 'GET', sim.routes.ticker); // weight 4
      const first = [await tick(), await tick()]; // 4, 8
      const over = await tick(); // 12 > 10
      expect(first.map((s) => s.status)).toEqual([200, 200]);
      expect(over.status).toBe(429);
      expect(over.json).toEqual({ code: -1003, msg: 'Too much request weight used; current limit is 10 request weight per 10 SECOND. Please use WebSocket Streams for live updates to avoid polling the API.' });
      expect(over.headers['retry-after']).toBe('10'); // 9.8 s to the window's end, rounded up
      expect(over.headers['x-mbx-used-weight-10s']).toBe('12');

      c.advance(1_000); // inside the Retry-After: two more requests are tolerated (still 429), the third bans
      const ignored = [await tick(), await tick(), await tick()];
      expect(ignored.map((s) => s.status)).toEqual([429, 429, 418]);
      const banned = ignored[2]!;
      expect(banned.headers['retry-after']).toBe('120');
      expect(banned.json).toEqual({ code: -1003, msg: `Way too much request weight used; IP banned until ${c.at() + 120_000}. Please use WebSocket Streams for live updates to avoid bans.` });

      c.advance(60_000); // a new weight window, still banned: every request is a 418 counting down, and is not applied
      const during = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'during-ban'));
      expect([during.status, during.headers['retry-after']]).toEqual([418, '60']);
      c.advance(60_000); // the ban is over
      const after = await send(sim, 'POST', sim.routes.placeOrder, orderBody('binance', 'after-ban'));
      expect(after.status).toBe(200);

      expect(sim.arrivals.map((a) => a.status)).toEqual([200, 200, 429, 429, 429, 418, 418, 200]);
      expect(sim.arrivals.map((a) => a.insideRetryAfter)).toEqual([false, false, false, true, true, true, true, false]);
      expect(sim.ledger.insideRetryAfter()).toBe(4);
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['after-ban']);
    });
  });

  it('a client that waits out the Retry-After is never banned; another IP is not affected by a ban', async () => {
    const c = clock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const sim = await startSimulator({ dialect: 'binance', now: c.now, binance: { weightLimit: 4, weightWindowMs: 1_000, banAfter: 1 } });
    await withSim(sim, async () => {
      const from = (addr: string) => send(sim, 'GET', sim.routes.ticker, undefined, { headers: { 'X-Forwarded-For': addr } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        statuses.push((await from('1.1.1.1')).status, (await from('1.1.1.1')).status);
        c.advance(Number(sim.arrivals.at(-1)!.status === 429 ? 1_000 : 0)); // honour Retry-After: 1
      }
      expect(statuses).toEqual([200, 429, 200, 429, 200, 429]);
      expect(sim.ledger.insideRetryAfter()).toBe(0);
      expect((await from('1.1.1.1')).status).toBe(200);
      expect((await from('1.1.1.1')).status).toBe(429);
      expect((await from('1.1.1.1')).status).toBe(418); // banAfter: 1
      expect((await from('2.2.2.2')).status).toBe(200);
    });
  });

  it('weight options are validated and refused for other dialects', async () => {
    await expect(startSimulator({ dialect: 'binance', binance: { weightWindowMs: 1_500 } })).rejects.toThrow(/whole number of seconds/);
    await expect(startSimulator({ dialect: 'binance', binance: { banAfter: 0 } })).rejects.toThrow(/binance\.banAfter/);
    await expect(startSimulator({ dialect: 'binance', binance: { timeoutStatus: 200 } })).rejects.toThrow(/binance\.timeoutStatus/);
    await expect(startSimulator({ dialect: 'orderly', binance: {} })).rejects.toThrow(/binance dialect only/);
  });
});

describe('binance: withdrawals', () => {
  it('POST /sapi/v1/capital/withdraw/apply answers {id}; withdrawOrderId is the intent', async () => {
    await withSim(await startSimulator({ dialect: 'binance' }), async (sim) => {
      const res = await send(sim, 'POST', sim.routes.withdraw, { coin: 'USDT', network: 'ETH', address: '0xabc', amount: '10', withdrawOrderId: 'wd-1' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ id: expect.stringMatching(/^sim\d{29}$/) });
      expect(sim.ledger.count('wd-1')).toBe(1);
    });
  });
});
