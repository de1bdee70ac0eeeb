/**
 * Bybit v5 (bybit-exchange/docs: docs/v5/error.mdx, guide.mdx, rate-limit/rate-limit.mdx, order/*.mdx): every code
 * the profile uses, as Bybit sends it: HTTP 200 with `retCode` ≠ 0, or a bare HTTP status.
 */
import { describe, expect, test } from 'vitest';
import { BATCH_PARTIAL, classify, newOperationId, profiles } from '../../src/index.js';
import { check, classifyResent, response, type Row } from './rows.js';

const p = profiles.bybit;
const body = (retCode: number, retMsg = 'message') => ({ retCode, retMsg, result: {}, retExtInfo: {}, time: 1_700_000_000_000 });

describe('Bybit v5: retCode on HTTP 200', () => {
  const rows: Row[] = [
    { status: 200, code: 10006, unsafe: 'throttle', why: 'Too many visits. Exceeded the API Rate Limit.' },
    { status: 200, code: 170005, unsafe: 'throttle', why: 'Too many new orders' },
    { status: 200, code: 429, unsafe: 'retry', why: 'high server load: please retry' },
    { status: 200, code: 10002, unsafe: 'retry', why: 'request time outside the recv_window: re-signed' },
    { status: 200, code: -1, unsafe: 'retry', why: 'request expired: re-signed' },
    { status: 200, code: 10000, unsafe: 'verify', safe: 'retry', why: 'Server Timeout' },
    { status: 200, code: 10016, unsafe: 'verify', safe: 'retry', why: 'Server error' },
    { status: 200, code: 170001, unsafe: 'verify', safe: 'retry', why: 'Internal error (spot)' },
    { status: 200, code: 170007, unsafe: 'verify', safe: 'retry', why: 'Timeout waiting for response from backend server' },
    { status: 200, code: 170032, unsafe: 'verify', safe: 'retry', why: 'Network error. Please try again later' },
    { status: 200, code: 170146, unsafe: 'verify', safe: 'retry', why: 'Order creation timeout' },
    { status: 200, code: 110079, unsafe: 'retry', why: 'the order is processing, try again later' },
    { status: 200, code: 110072, unsafe: 'fail', why: 'OrderLinkedID is duplicate on a first send: the caller reused an id' },
    { status: 200, code: 170141, unsafe: 'fail', why: 'Duplicate clientOrderId on a first send' },
    { status: 200, code: 10001, unsafe: 'fail', why: 'Request parameter error' },
    { status: 200, code: 10003, unsafe: 'fail', why: 'API key is invalid' },
    { status: 200, code: 10004, unsafe: 'fail', why: 'Error sign' },
    { status: 200, code: 10005, unsafe: 'fail', why: 'Permission denied' },
    { status: 200, code: 10010, unsafe: 'fail', why: 'Unmatched IP' },
    { status: 200, code: 10014, unsafe: 'fail', why: 'Invalid duplicate request' },
    { status: 200, code: 10017, unsafe: 'fail', why: 'Route not found' },
    { status: 200, code: 110001, unsafe: 'fail', why: 'Order does not exist' },
    { status: 200, code: 110007, unsafe: 'fail', why: 'Available balance is insufficient' },
    { status: 200, code: 170131, unsafe: 'fail', why: 'Balance insufficient (spot)' },
  ];
  check(p, rows, (r) => body(r.code as number));
});

describe('Bybit v5: HTTP statuses (error.mdx "HTTP Code")', () => {
  const rows: Row[] = [
    { status: 403, unsafe: 'fail', why: 'forbidden, or the IP rate limit breached: Bybit asks for 10 minutes of silence', body: 'access too frequent' },
    { status: 429, unsafe: 'throttle', why: 'System level frequency protection', body: '' },
    { status: 401, unsafe: 'fail', why: 'invalid request: wrong key or missing auth headers', body: '' },
    { status: 404, unsafe: 'fail', why: 'cannot find path', body: '' },
    { status: 500, unsafe: 'verify', safe: 'retry', why: 'undocumented 5XX on an order', body: '' },
    { status: 503, unsafe: 'verify', safe: 'retry', why: 'undocumented 5XX on an order', body: '' },
    { status: 504, unsafe: 'verify', safe: 'retry', why: 'gateway timeout', body: '' },
  ];
  check(p, rows, () => '');
});

describe('Bybit v5: batch answers and the dialect', () => {
  const batch = (codes: number[]) => ({
    retCode: 0,
    retMsg: 'OK',
    result: { list: codes.map((_, i) => ({ category: 'spot', symbol: 'BTCUSDT', orderId: String(i), orderLinkId: `link-${i}` })) },
    retExtInfo: { list: codes.map((code) => ({ code, msg: code === 0 ? 'OK' : 'refused' })) },
    time: 1,
  });

  test('retCode 0 and every order OK is success', () => {
    expect(p.dialect.isErrorBody?.(batch([0, 0]))).toBe(false);
    expect(p.dialect.isErrorBody?.(body(0, 'OK'))).toBe(false);
  });

  test('every order refused: the first refusal decides (10006 → throttle the whole batch)', () => {
    expect(p.dialect.isErrorBody?.(batch([10006, 10006]))).toBe(true);
    const v = classify(response(200, batch([10006, 10006])), { method: 'POST' }, { profile: p });
    expect(v.action).toBe('throttle');
    expect(v.failure.fields).toEqual({ 'link-0': '10006 refused', 'link-1': '10006 refused' });
  });

  test('some orders placed: BATCH_PARTIAL, fail (a resend would place them twice), the refused ones in fields', () => {
    const v = classify(response(200, batch([0, 110007])), { method: 'POST' }, { profile: p });
    expect(v.action).toBe('fail');
    expect(v.failure.code).toBe(BATCH_PARTIAL);
    expect(v.failure.fields).toEqual({ 'link-1': '110007 refused' });
  });

  test('a duplicate orderLinkId after a resend means the first send landed: verify', () => {
    expect(classifyResent(p, 200, body(110072, 'OrderLinkedID is duplicate')).action).toBe('verify');
    expect(classifyResent(p, 200, body(170141, 'Duplicate clientOrderId')).action).toBe('verify');
  });

  test('the operation id fits orderLinkId (≤ 36 letters, digits, dashes, underscores)', () => {
    expect(p.operationIdField).toBe('orderLinkId');
    expect(p.operationIdUrl?.test('/v5/order/create')).toBe(true);
    expect(p.operationIdUrl?.test('/v5/order/create-batch')).toBe(false);
    for (let i = 0; i < 100; i++) expect(newOperationId()).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
  });

  test('hostile bodies read as nothing, never throw', () => {
    for (const b of [null, 1, 'x', [], { retCode: 'abc' }, { retCode: 0, retExtInfo: { list: 'no' } }, { retCode: 0, retExtInfo: { list: [null, 5] } }]) {
      expect(() => p.dialect.readError(b)).not.toThrow();
      expect(() => p.dialect.isErrorBody?.(b)).not.toThrow();
    }
  });
});
