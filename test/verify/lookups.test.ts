/**
 * The ready lookups and `verifyByLookup` / `verifyInList` at the protocol level (nock): which endpoint each calls
 * with which parameters, what each answer means, the settle time and the retention window, signing, and bad options.
 */
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { lookups, verifyByLookup, verifyInList, type VerifyContext, type VerifyHook } from '../../src/index.js';
import { BASE, useNock } from '../helpers/nock.js';
import { context, failure } from './context.js';

useNock();

/** Runs check 1 at `t0`, then check 2 `gap` ms later, on a test clock; returns both outcomes. */
async function twoChecks(make: (clock: { now: () => number }) => VerifyHook, ctx: Omit<Parameters<typeof context>[0], 'failure' | 'check'>, gap: number) {
  let t = 1_000_000;
  const hook = make({ now: () => t });
  const f = failure();
  const first = await hook(context({ ...ctx, failure: f, check: 1 }));
  t += gap;
  const second = await hook(context({ ...ctx, failure: f, check: 2 }));
  return [first.outcome, second.outcome];
}

describe('verifyByLookup', () => {
  const notFound = () => nock(BASE).get('/orders/op-1').times(2).reply(404, { error: 'not found' });

  test('a documented not-found is absent only once the settle time has passed since the failure', async () => {
    notFound();
    expect(await twoChecks((clock) => verifyByLookup({ url: (c) => `/orders/${c.operationId}`, clock, settleMs: 1_000 }), { elapsedMs: 50 }, 999)).toEqual(['unknown', 'unknown']);
    notFound();
    expect(await twoChecks((clock) => verifyByLookup({ url: (c) => `/orders/${c.operationId}`, clock, settleMs: 1_000 }), { elapsedMs: 50 }, 1_000)).toEqual(['unknown', 'absent']);
  });

  test('the default settle time is 5 s', async () => {
    notFound();
    expect(await twoChecks((clock) => verifyByLookup({ url: () => '/orders/op-1', clock }), { elapsedMs: 0 }, 4_999)).toEqual(['unknown', 'unknown']);
    notFound();
    expect(await twoChecks((clock) => verifyByLookup({ url: () => '/orders/op-1', clock }), { elapsedMs: 0 }, 5_000)).toEqual(['unknown', 'absent']);
  });

  test('applied is final at once, with the data', async () => {
    nock(BASE).get('/orders/op-1').reply(200, { id: 7 });
    const r = await verifyByLookup({ url: () => '/orders/op-1' })(context({ failure: failure(), check: 1, elapsedMs: 0 }));
    expect(r).toEqual({ outcome: 'applied', data: { id: 7 } });
  });

  test('a 5XX, an HTML page: unknown', async () => {
    nock(BASE).get('/orders/op-1').reply(503, '<html>down</html>');
    expect((await verifyByLookup({ url: () => '/orders/op-1', settleMs: 0 })(context({ failure: failure(), check: 1, elapsedMs: 0 }))).outcome).toBe('unknown');
  });

  test('a not-found about a request older than the API keeps orders is unknown (maxAgeMs)', async () => {
    nock(BASE).get('/orders/op-1').reply(404);
    const hook = verifyByLookup({ url: () => '/orders/op-1', settleMs: 0, maxAgeMs: 1_000 });
    expect((await hook(context({ failure: failure(), check: 1, elapsedMs: 1_001 }))).outcome).toBe('unknown');
  });

  test('sign runs before every lookup and may rewrite it', async () => {
    const seen: string[] = [];
    nock(BASE).get('/orders/op-1').query({ sig: '1' }).reply(200, {}).get('/orders/op-1').query({ sig: '2' }).reply(200, {});
    let n = 0;
    const hook = verifyByLookup({ url: () => '/orders/op-1', sign: (c) => ({ ...c, params: { ...c.params, sig: String(++n) } }) });
    for (let i = 0; i < 2; i++) seen.push((await hook(context({ failure: failure(), check: 1, elapsedMs: 0 }))).outcome);
    expect(seen).toEqual(['applied', 'applied']);
  });

  test.each([
    [{ url: '/x' }, 'url must be a function'],
    [{ url: (): string => '/x', settleMs: -1 }, 'settleMs must be a finite number >= 0, got -1'],
    [{ url: (): string => '/x', timeoutMs: 0 }, 'timeoutMs must be a finite number > 0, got 0'],
    [{ url: (): string => '/x', absent: 404 }, 'absent must be a function, got 404'],
    [{ url: (): string => '/x', sign: 'yes' }, 'sign must be a function, got "yes"'],
  ])('bad option %o → TypeError naming it', (opts, message) => {
    expect(() => verifyByLookup(opts as never)).toThrow(TypeError);
    expect(() => verifyByLookup(opts as never)).toThrow(message);
  });
});

describe('verifyInList options', () => {
  test.each([
    [{ url: (): string => '/l', items: (): unknown[] => [], match: (): boolean => false, limit: 0 }, 'limit must be an integer >= 1, got 0'],
    [{ url: (): string => '/l', items: (): unknown[] => [], match: (): boolean => false, keeps: 'middle' }, "keeps must be 'newest' or 'oldest'"],
    [{ url: (): string => '/l', items: [], match: (): boolean => false }, 'items must be a function'],
  ])('bad option %o → TypeError', (opts, message) => expect(() => verifyInList(opts as never)).toThrow(message));
});

describe('lookups.binance', () => {
  const order = { method: 'POST', url: '/api/v3/order', data: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', newClientOrderId: 'op-1' } };

  test('GET /api/v3/order with the symbol sent and origClientOrderId = the operation id; −2013 absent after recvWindow + 1 s', async () => {
    const scope = nock(BASE).get('/api/v3/order').query({ symbol: 'BTCUSDT', origClientOrderId: 'op-1' }).times(4).reply(400, { code: -2013, msg: 'Order does not exist.' });
    expect(await twoChecks((clock) => lookups.binance({ clock }), { request: order, elapsedMs: 0 }, 5_999)).toEqual(['unknown', 'unknown']);
    expect(await twoChecks((clock) => lookups.binance({ clock }), { request: order, elapsedMs: 0 }, 6_000)).toEqual(['unknown', 'absent']);
    expect(scope.isDone()).toBe(true);
  });

  test('recvWindowMs sets the settle time; settleMs overrides it', async () => {
    nock(BASE).get('/api/v3/order').query(true).times(4).reply(400, { code: -2013, msg: 'Order does not exist.' });
    expect(await twoChecks((clock) => lookups.binance({ clock, recvWindowMs: 2_000 }), { request: order, elapsedMs: 0 }, 3_000)).toEqual(['unknown', 'absent']);
    expect(await twoChecks((clock) => lookups.binance({ clock, settleMs: 100 }), { request: order, elapsedMs: 0 }, 100)).toEqual(['unknown', 'absent']);
  });

  test('found → applied with the order; −2026 ORDER_ARCHIVED means it existed → applied', async () => {
    nock(BASE).get('/api/v3/order').query(true).reply(200, { symbol: 'BTCUSDT', orderId: 9, clientOrderId: 'op-1', status: 'FILLED' });
    nock(BASE).get('/api/v3/order').query(true).reply(400, { code: -2026, msg: 'Order was canceled or expired with no executed qty over 90 days ago and has been archived.' });
    const hook = lookups.binance();
    expect(await hook(context({ failure: failure(), check: 1, elapsedMs: 0, request: order }))).toMatchObject({ outcome: 'applied', data: { orderId: 9 } });
    expect((await hook(context({ failure: failure(), check: 1, elapsedMs: 0, request: order }))).outcome).toBe('applied');
  });

  test('the symbol is read from a form body or the query string too; none at all is an error the executor reports', async () => {
    nock(BASE).get('/api/v3/order').query({ symbol: 'ETHUSDT', origClientOrderId: 'op-1' }).reply(200, { orderId: 1 });
    const hook = lookups.binance();
    const form = { method: 'POST', url: '/api/v3/order', data: 'symbol=ETHUSDT&side=BUY' };
    expect((await hook(context({ failure: failure(), check: 1, elapsedMs: 0, request: form }))).outcome).toBe('applied');
    await expect(hook(context({ failure: failure(), check: 1, elapsedMs: 0, request: { method: 'POST', url: '/api/v3/order' } }))).rejects.toThrow('names no symbol');
  });
});

describe('lookups.okx', () => {
  const order = { method: 'POST', url: '/api/v5/trade/order', data: { instId: 'BTC-USDT', side: 'buy', clOrdId: 'op1' } };

  test('code "0" with the order → applied with data[0]; 51603 → absent after the settle time, within 2 hours only', async () => {
    nock(BASE).get('/api/v5/trade/order').query({ instId: 'BTC-USDT', clOrdId: 'op1' }).reply(200, { code: '0', msg: '', data: [{ ordId: '1', clOrdId: 'op1', state: 'live' }] });
    const applied = await lookups.okx()(context({ operationId: 'op1', failure: failure(), check: 1, elapsedMs: 0, request: order }));
    expect(applied).toEqual({ outcome: 'applied', data: { ordId: '1', clOrdId: 'op1', state: 'live' } });
    nock(BASE).get('/api/v5/trade/order').query(true).times(4).reply(200, { code: '51603', msg: 'Order does not exist.', data: [] });
    expect(await twoChecks((clock) => lookups.okx({ clock }), { operationId: 'op1', request: order, elapsedMs: 0 }, 5_000)).toEqual(['unknown', 'absent']);
    expect(await twoChecks((clock) => lookups.okx({ clock }), { operationId: 'op1', request: order, elapsedMs: 7_200_001 }, 5_000)).toEqual(['unknown', 'unknown']);
  });
});

describe('lookups.bybit', () => {
  const order = { method: 'POST', url: '/v5/order/create', data: { category: 'spot', symbol: 'BTCUSDT', orderLinkId: 'op-1' } };
  const list = (items: unknown[]) => ({ retCode: 0, retMsg: 'OK', result: { category: 'spot', list: items, nextPageCursor: '' }, retExtInfo: {}, time: 1 });

  test('realtime first, then history; found in either → applied', async () => {
    nock(BASE).get('/v5/order/realtime').query({ category: 'spot', orderLinkId: 'op-1' }).reply(200, list([]));
    nock(BASE).get('/v5/order/history').query({ category: 'spot', orderLinkId: 'op-1' }).reply(200, list([{ orderId: '5', orderLinkId: 'op-1', orderStatus: 'Filled' }]));
    const r = await lookups.bybit()(context({ failure: failure(), check: 1, elapsedMs: 0, request: order }));
    expect(r).toEqual({ outcome: 'applied', data: { orderId: '5', orderLinkId: 'op-1', orderStatus: 'Filled' } });
  });

  test('missing from both, however long after: unknown, never absent (Bybit documents order creation as asynchronous)', async () => {
    nock(BASE).get('/v5/order/realtime').query(true).times(2).reply(200, list([]));
    nock(BASE).get('/v5/order/history').query(true).times(2).reply(200, list([]));
    const hook = lookups.bybit();
    const f = failure();
    expect((await hook(context({ failure: f, check: 1, elapsedMs: 0, request: order }))).outcome).toBe('unknown');
    expect((await hook(context({ failure: f, check: 9, elapsedMs: 3_600_000, request: order }))).outcome).toBe('unknown');
  });

  test('an error answer (retCode ≠ 0 on HTTP 200) is not a list: unknown', async () => {
    nock(BASE).get('/v5/order/realtime').query(true).reply(200, { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: 1 });
    nock(BASE).get('/v5/order/history').query(true).reply(200, { retCode: 10016, retMsg: 'Server error.', result: {}, retExtInfo: {}, time: 1 });
    expect((await lookups.bybit()(context({ failure: failure(), check: 1, elapsedMs: 0, request: order }))).outcome).toBe('unknown');
  });
});

describe('lookups.alp', () => {
  const order = {
    method: 'POST',
    url: '/api/v3/trading/order',
    data: { pair: 'BTC_USDT', order_side: 'BUY', order_type: 'LIMIT', wallet_type: 'SPOT', base_amount: '0.1', limit_price: '65000', client_order_id: 'op-1' },
  };
  const item = (id: number, price: number, date = '2026-01-01T00:00:00.000Z') => ({ id, pair: 'BTC_USDT', amount: 0.1, price, side: 'BID', type: 'LIMIT', date });

  test('GET /api/v3/accounts/order by pair, side and an RFC 3339 start_time before the request began; one match → [id]', async () => {
    let query: Record<string, unknown> = {};
    nock(BASE)
      .get('/api/v3/accounts/order')
      .query((q) => ((query = q), true))
      .reply(200, [item(3, 65_001), item(2, 65_000)]);
    const t = Date.UTC(2026, 0, 1, 0, 0, 10, 500);
    const r = await lookups.alp({ clock: { now: () => t } })(context({ failure: failure(), check: 1, elapsedMs: 1_000, request: order }));
    expect(r).toEqual({ outcome: 'applied', data: [2] });
    expect(query).toEqual({ pair: 'BTC_USDT', side: 'BUY', start_time: '2026-01-01T00:00:07Z' }); // 10.5 s − 1 s − 2 s skew, floored
  });

  test('two identical orders in the window cannot be told apart: unknown', async () => {
    nock(BASE).get('/api/v3/accounts/order').query(true).reply(200, [item(3, 65_000), item(2, 65_000)]);
    expect((await lookups.alp()(context({ failure: failure(), check: 1, elapsedMs: 0, request: order }))).outcome).toBe('unknown');
  });

  test('a full answer of 100 newer orders: unknown even after the settle time; 99 of them: absent', async () => {
    const newer = (n: number) => Array.from({ length: n }, (_, i) => item(1_000 - i, 70_000 + i, new Date(Date.UTC(2026, 0, 2)).toISOString()));
    nock(BASE).get('/api/v3/accounts/order').query(true).times(2).reply(200, newer(100));
    expect(await twoChecks((clock) => lookups.alp({ clock }), { request: order, elapsedMs: 0 }, 5_000)).toEqual(['unknown', 'unknown']);
    nock(BASE).get('/api/v3/accounts/order').query(true).times(2).reply(200, newer(99));
    expect(await twoChecks((clock) => lookups.alp({ clock }), { request: order, elapsedMs: 0 }, 5_000)).toEqual(['unknown', 'absent']);
  });

  test('timeFormat unix sends whole seconds', async () => {
    let query: Record<string, unknown> = {};
    nock(BASE)
      .get('/api/v3/accounts/order')
      .query((q) => ((query = q), true))
      .reply(200, []);
    await lookups.alp({ timeFormat: 'unix', clock: { now: () => 10_500 } })(context({ failure: failure(), check: 1, elapsedMs: 0, request: order }));
    expect(query.start_time).toBe('8');
  });
});

describe('lookups.infinex', () => {
  const order = { method: 'POST', url: '/api/v2/orders', data: { pair: 'BTC_USDT', side: 'BUY', type: 'LIMIT', amount: '0.1', price: '65000' } };
  test('without a declared limit a missing order is never absent; with one it is, once settled', async () => {
    nock(BASE).get('/api/v2/orders/history').query(true).times(4).reply(200, { success: true, data: [] });
    expect(await twoChecks((clock) => lookups.infinex({ clock }), { request: order, elapsedMs: 0 }, 10_000)).toEqual(['unknown', 'unknown']);
    expect(await twoChecks((clock) => lookups.infinex({ clock, limit: 50 }), { request: order, elapsedMs: 0 }, 10_000)).toEqual(['unknown', 'absent']);
  });
});

test('a lookup on a context of another shape never throws a TypeError of its own', async () => {
  nock(BASE).get('/orders/op-1').reply(404);
  const odd = { ...context({ failure: failure(), check: 1, elapsedMs: 0 }), failure: undefined } as unknown as VerifyContext;
  expect((await verifyByLookup({ url: () => '/orders/op-1', settleMs: 0 })(odd)).outcome).toBe('absent');
});
