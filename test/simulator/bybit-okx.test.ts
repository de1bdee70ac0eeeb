/**
 * The Bybit v5 and OKX v5 dialects against a real server: success envelopes, orders deduplicated by orderLinkId /
 * clOrdId, lookups by client id or exchange id, the error table (each kind's status and documented code), and the
 * options refused for them.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS as SPECS, type ErrorKind } from '../../src/testing/dialects/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody, send } from './helpers.js';

async function withSim(sim: Simulator, body: (sim: Simulator) => Promise<void>): Promise<void> {
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

/** `[status, code]` per error kind, as each file cites it (bybit retCode numbers, OKX code strings). */
const TABLE: Record<'bybit' | 'okx', Record<ErrorKind, readonly [number, number | string]>> = {
  bybit: {
    internal: [200, 10016],
    unavailable: [503, 10016],
    overload: [200, 429],
    rateLimited: [200, 10006],
    gatewayTimeout: [504, 10000],
    backendTimeout: [200, 10000],
    ipBanned: [403, 10009],
    require2fa: [511, 10005],
    invalid2fa: [401, 10005],
    notFound: [200, 110001],
    routeNotFound: [404, 10017],
    methodNotAllowed: [405, 10017],
    malformedJson: [200, 10001],
    badRequest: [200, 10001],
    validation: [200, 10001],
    duplicate: [200, 110072],
    missingApiKey: [401, 10003],
    missingSignature: [401, 10004],
    invalidSignature: [401, 10004],
    staleTimestamp: [200, 10002],
  },
  okx: {
    internal: [500, '50026'],
    unavailable: [503, '50001'],
    overload: [429, '50013'],
    rateLimited: [429, '50011'],
    gatewayTimeout: [504, '50004'],
    backendTimeout: [400, '50004'],
    ipBanned: [429, '50011'],
    require2fa: [511, '50114'],
    invalid2fa: [401, '50114'],
    notFound: [200, '51603'],
    routeNotFound: [404, '50005'],
    methodNotAllowed: [405, '50005'],
    malformedJson: [400, '50002'],
    badRequest: [400, '50014'],
    validation: [200, '51000'],
    duplicate: [200, '51016'],
    missingApiKey: [401, '50103'],
    missingSignature: [401, '50113'],
    invalidSignature: [401, '50113'],
    staleTimestamp: [401, '50102'],
  },
};

describe('the error tables', () => {
  it.each(Object.keys(TABLE.bybit) as ErrorKind[])('bybit %s', (kind) => {
    const [status, code] = TABLE.bybit[kind];
    const reply = SPECS.bybit.error(kind);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ retCode: code, retMsg: expect.stringMatching(/\S/), result: {}, retExtInfo: {} });
  });

  it.each(Object.keys(TABLE.okx) as ErrorKind[])('okx %s', (kind) => {
    const [status, code] = TABLE.okx[kind];
    const reply = SPECS.okx.error(kind, { clientOrderId: 'c1' });
    expect(reply.status).toBe(status);
    if (kind === 'duplicate') {
      // A per-order refusal: code "1", the reason in data[0].sCode, naming the clOrdId.
      expect(reply.body).toEqual({ code: '1', msg: 'Operation failed.', data: [{ clOrdId: 'c1', ordId: '', tag: '', ts: '', sCode: code, sMsg: 'Duplicated clOrdId' }] });
    } else {
      expect(reply.body).toEqual({ code, msg: expect.stringMatching(/\S/), data: [] });
    }
  });

  it('detail overrides message, status and code', () => {
    expect(SPECS.bybit.error('validation', { message: 'm', status: 400, code: 10005 })).toEqual({ status: 400, body: { retCode: 10005, retMsg: 'm', result: {}, retExtInfo: {} } });
    expect(SPECS.okx.error('validation', { message: 'm', code: '51001' })).toEqual({ status: 200, body: { code: '51001', msg: 'm', data: [] } });
  });
});

describe('bybit: orders, lookups, duplicates', () => {
  it('places with orderLinkId, refuses it again (110072), finds it in realtime and history by orderLinkId or orderId', async () => {
    await withSim(await startSimulator({ dialect: 'bybit' }), async (sim) => {
      const placed = await send(sim, 'POST', '/v5/order/create', orderBody('bybit', 'b-1'));
      const again = await send(sim, 'POST', '/v5/order/create', orderBody('bybit', 'b-1'));
      const realtime = await send(sim, 'GET', '/v5/order/realtime?category=spot&orderLinkId=b-1');
      const history = await send(sim, 'GET', '/v5/order/history?category=spot&orderLinkId=b-1');
      const byId = await send(sim, 'GET', '/v5/order/realtime?category=spot&orderId=sim-1');
      const missing = await send(sim, 'GET', '/v5/order/realtime?category=spot&orderLinkId=b-2');
      const noCategory = await send(sim, 'GET', '/v5/order/realtime?orderLinkId=b-1');
      const noSide = await send(sim, 'POST', '/v5/order/create', { category: 'spot', symbol: 'BTCUSDT', orderType: 'Limit', qty: '1', price: '1' });
      const broken = await send(sim, 'POST', '/v5/order/create', '{"category":');

      expect(placed.status).toBe(200);
      expect(placed.json).toEqual({ retCode: 0, retMsg: 'OK', result: { orderId: 'sim-1', orderLinkId: 'b-1' }, retExtInfo: {}, time: expect.any(Number) });
      expect([again.status, again.json]).toEqual([200, { retCode: 110072, retMsg: 'OrderLinkedID is duplicate', result: {}, retExtInfo: {} }]);
      const order = { orderId: 'sim-1', orderLinkId: 'b-1', symbol: 'BTCUSDT', price: '65000', qty: '0.1', side: 'Buy', orderType: 'Limit', orderStatus: 'New' };
      expect(realtime.json).toMatchObject({ retCode: 0, result: { category: 'spot', list: [order], nextPageCursor: '' } });
      expect({ ...(history.json as object), time: 0 }).toEqual({ ...(realtime.json as object), time: 0 }); // same orders, own time
      expect(byId.json).toMatchObject({ retCode: 0, result: { list: [order] } });
      expect(missing.json).toMatchObject({ retCode: 0, result: { list: [] } });
      expect((noCategory.json as { retCode: number }).retCode).toBe(10001);
      expect([noSide.status, (noSide.json as { retCode: number }).retCode]).toEqual([200, 10001]);
      expect([broken.status, (broken.json as { retCode: number }).retCode]).toEqual([200, 10001]);
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['b-1']);
    });
  });

  it('withdrawals: requestId is the intent; the answer is {id}', async () => {
    await withSim(await startSimulator({ dialect: 'bybit' }), async (sim) => {
      const res = await send(sim, 'POST', sim.routes.withdraw, { coin: 'USDT', chain: 'ETH', address: '0xabc', amount: '10', requestId: 'w-1' });
      expect(res.json).toMatchObject({ retCode: 0, result: { id: expect.any(String) } });
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['w-1']);
    });
  });
});

describe('okx: orders, lookups, duplicates', () => {
  it('places with clOrdId, refuses it again (51016 per order), looks it up by clOrdId or ordId; 51603 when missing', async () => {
    await withSim(await startSimulator({ dialect: 'okx' }), async (sim) => {
      const placed = await send(sim, 'POST', '/api/v5/trade/order', orderBody('okx', 'o1'));
      const again = await send(sim, 'POST', '/api/v5/trade/order', orderBody('okx', 'o1'));
      const byClient = await send(sim, 'GET', '/api/v5/trade/order?instId=BTC-USDT&clOrdId=o1');
      const byId = await send(sim, 'GET', '/api/v5/trade/order?instId=BTC-USDT&ordId=1');
      const otherInst = await send(sim, 'GET', '/api/v5/trade/order?instId=ETH-USDT&clOrdId=o1');
      const missing = await send(sim, 'GET', '/api/v5/trade/order?instId=BTC-USDT&clOrdId=o2');
      const noInst = await send(sim, 'GET', '/api/v5/trade/order?clOrdId=o1');
      const noId = await send(sim, 'GET', '/api/v5/trade/order?instId=BTC-USDT');
      const noSz = await send(sim, 'POST', '/api/v5/trade/order', { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '1' });
      const broken = await send(sim, 'POST', '/api/v5/trade/order', '{"instId":');
      const list = await send(sim, 'GET', sim.routes.listOrders);

      expect(placed.status).toBe(200);
      expect(placed.json).toEqual({ code: '0', msg: '', data: [{ clOrdId: 'o1', ordId: '1', tag: '', ts: expect.any(String), sCode: '0', sMsg: 'Order placed' }] });
      expect([again.status, again.json]).toEqual([
        200,
        { code: '1', msg: 'Operation failed.', data: [{ clOrdId: 'o1', ordId: '', tag: '', ts: '', sCode: '51016', sMsg: 'Duplicated clOrdId' }] },
      ]);
      const order = { instId: 'BTC-USDT', ordId: '1', clOrdId: 'o1', px: '65000', sz: '0.1', side: 'buy', ordType: 'limit', tdMode: 'cash', state: 'live' };
      expect(byClient.json).toMatchObject({ code: '0', msg: '', data: [order] });
      expect(byId.json).toEqual(byClient.json);
      expect([otherInst.status, otherInst.json]).toEqual([200, { code: '51603', msg: 'Order does not exist', data: [] }]);
      expect([missing.status, missing.json]).toEqual([200, { code: '51603', msg: 'Order does not exist', data: [] }]);
      expect([noInst.status, (noInst.json as { code: string }).code]).toEqual([400, '50014']);
      expect([noId.status, noId.json]).toEqual([400, { code: '50015', msg: 'Either parameter ordId or clOrdId is required', data: [] }]);
      expect([noSz.status, noSz.json]).toEqual([200, { code: '51000', msg: 'Parameter sz error', data: [] }]);
      expect([broken.status, (broken.json as { code: string }).code]).toEqual([400, '50002']);
      expect(list.json).toMatchObject({ code: '0', data: [order] });
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['o1']);
    });
  });

  it('withdrawals: clientId is the intent; the answer carries wdId', async () => {
    await withSim(await startSimulator({ dialect: 'okx' }), async (sim) => {
      const res = await send(sim, 'POST', sim.routes.withdraw, { ccy: 'USDT', amt: '10', dest: '4', toAddr: '0xabc', chain: 'USDT-ERC20', clientId: 'w1' });
      expect(res.json).toMatchObject({ code: '0', data: [{ wdId: expect.any(String), ccy: 'USDT', amt: '10', clientId: 'w1', chain: 'USDT-ERC20' }] });
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['w1']);
    });
  });
});

describe('options refused for bybit and okx', () => {
  it.each(['bybit', 'okx'] as const)('%s: signing and binance options are a TypeError naming the dialect', async (dialect) => {
    await expect(startSimulator({ dialect, signing: {} })).rejects.toThrow(new TypeError(`signing is not simulated for ${dialect} (supported: alp, orderly, binance)`));
    await expect(startSimulator({ dialect, binance: {} })).rejects.toThrow(TypeError);
  });
});
