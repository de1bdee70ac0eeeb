/**
 * Where each seed profile puts the operation id, checked against the routes the published references document
 * (ALPCOMDEV/alp-api-docs, orderly.network/docs, the Infinex and BatchData seeds).
 */
import axios from 'axios';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { createExecutor, profiles, ResoluteError, type Profile } from '../../src/index.js';
import { BASE, useNock } from '../helpers/nock.js';

useNock();

const carries = (p: Profile, path: string): boolean => p.operationIdField !== undefined && (p.operationIdUrl === undefined || p.operationIdUrl.test(path));

describe('the routes that carry an operation id', () => {
  test('ALP: "Place Order" POST /api/v3/trading/order and "Withdraw Request" POST /api/v3/withdraw, in client_order_id', () => {
    expect(profiles.alp.operationIdField).toBe('client_order_id');
    expect(['/api/v3/trading/order', '/api/v3/withdraw'].map((u) => carries(profiles.alp, u))).toEqual([true, true]);
    expect(['/api/v3/accounts/order', '/api/v3/orders', '/api/v3/auth'].map((u) => carries(profiles.alp, u))).toEqual([false, false, false]);
  });

  test('Orderly: "Create order" POST /v1/order in client_order_id; a batch names several orders, so not the batch', () => {
    expect(profiles.orderly.operationIdField).toBe('client_order_id');
    expect(['/v1/order', '/v1/batch-order', '/v1/withdraw_request'].map((u) => carries(profiles.orderly, u))).toEqual([true, false, false]);
    expect(profiles.orderly.rateLimits?.find((r) => r.url?.test('/v1/batch-order'))).toMatchObject({ limit: 1, intervalMs: 1_000 });
  });

  test('Infinex and BatchData document no client id field: nothing is invented', () => {
    expect(profiles.infinex.operationIdField).toBeUndefined();
    expect(profiles.batchdata.operationIdField).toBeUndefined();
  });

  test('Binance, Bybit, OKX: newClientOrderId on /api/v3/order, orderLinkId on /v5/order/create, clOrdId on /api/v5/trade/order', () => {
    expect([carries(profiles.binance, '/api/v3/order'), carries(profiles.bybit, '/v5/order/create'), carries(profiles.okx, '/api/v5/trade/order')]).toEqual([true, true, true]);
    expect([profiles.binance.operationIdField, profiles.bybit.operationIdField, profiles.okx.operationIdField]).toEqual(['newClientOrderId', 'orderLinkId', 'clOrdId']);
  });
});

describe('the operation id on the wire', () => {
  const cases: [Profile, string, RegExp][] = [
    [profiles.binance, '/api/v3/order', /^[0-9a-f-]{36}$/],
    [profiles.bybit, '/v5/order/create', /^[0-9a-f-]{36}$/],
    [profiles.okx, '/api/v5/trade/order', /^[0-9a-f]{32}$/],
  ];
  for (const [profile, path, shape] of cases) {
    test(`${profile.name}: the generated id in ${profile.operationIdField} fits the API's format, and the error names the same id`, async () => {
      let sent: Record<string, unknown> = {};
      nock(BASE).post(path).reply(400, (_u, body) => {
        sent = body as Record<string, unknown>;
        return { code: -1102, retCode: 10001, msg: 'refused', retMsg: 'refused', data: [] };
      });
      const ex = createExecutor({ http: axios.create(), profile, breaker: false, rateLimit: false });
      const caller = Object.freeze({ symbol: 'BTCUSDT', side: 'BUY' });
      const err = (await ex.request({ baseURL: BASE, method: 'POST', url: path, data: caller }).catch((e: unknown) => e)) as ResoluteError;
      expect(err).toBeInstanceOf(ResoluteError);
      const id = sent[profile.operationIdField!];
      expect(id).toMatch(shape);
      expect(err.operationId).toBe(id);
      expect(caller).toEqual({ symbol: 'BTCUSDT', side: 'BUY' });
    });
  }

  test('an id the caller chose is sent as it is, not reformatted', async () => {
    let sent: Record<string, unknown> = {};
    nock(BASE).post('/api/v5/trade/order').reply(200, (_u, body) => {
      sent = body as Record<string, unknown>;
      return { code: '0', msg: '', data: [{ clOrdId: 'mine', ordId: '1', sCode: '0', sMsg: '' }] };
    });
    const ex = createExecutor({ http: axios.create(), profile: profiles.okx, breaker: false, rateLimit: false });
    await ex.request({ baseURL: BASE, method: 'POST', url: '/api/v5/trade/order', data: { instId: 'BTC-USDT', clOrdId: 'mine' } });
    expect(sent.clOrdId).toBe('mine');
  });
});
