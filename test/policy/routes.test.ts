/**
 * Where each seed profile puts the operation id, checked against the routes the published references document
 * (ALPCOMDEV/alp-api-docs, orderly.network/docs, the Infinex and BatchData seeds).
 */
import { describe, expect, test } from 'vitest';
import { profiles, type Profile } from '../../src/index.js';

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
