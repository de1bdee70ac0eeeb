/**
 * Binance spot (binance/binance-spot-api-docs: rest-api.md "HTTP Return Codes", "LIMITS", "Timing security";
 * errors.md): every code the profile uses, and the ones it leaves to the default ladder, as the API sends them.
 */
import { describe, expect, test } from 'vitest';
import { classify, newOperationId, profiles } from '../../src/index.js';
import { check, classifyResent, response, type Row } from './rows.js';

const p = profiles.binance;

describe('Binance spot: documented codes', () => {
  const rows: Row[] = [
    { status: 418, code: -1003, unsafe: 'throttle', why: 'IP auto-banned after ignoring 429s: wait the ban out' },
    { status: 429, code: -1003, unsafe: 'throttle', why: 'TOO_MANY_REQUESTS: request weight over the limit' },
    { status: 429, code: -1015, unsafe: 'throttle', why: 'TOO_MANY_ORDERS: unfilled order count over the limit' },
    { status: 408, code: -1007, unsafe: 'verify', safe: 'retry', why: 'TIMEOUT, execution status unknown (as clients see it)' },
    { status: 504, code: -1007, unsafe: 'verify', safe: 'retry', why: 'TIMEOUT behind a gateway 504' },
    { status: 400, code: -1007, unsafe: 'verify', safe: 'retry', why: 'TIMEOUT on a 4XX status: the code decides' },
    { status: 500, code: -1006, unsafe: 'verify', safe: 'retry', why: 'UNEXPECTED_RESP, execution status unknown' },
    { status: 500, code: -1000, unsafe: 'verify', safe: 'retry', why: 'UNKNOWN on a 5XX: execution status UNKNOWN' },
    { status: 503, code: -1001, unsafe: 'verify', safe: 'retry', why: 'DISCONNECTED on a 5XX: execution status UNKNOWN' },
    { status: 503, code: -1008, unsafe: 'verify', safe: 'retry', why: 'SERVER_BUSY on a 5XX: execution status UNKNOWN' },
    { status: 400, code: -1021, unsafe: 'retry', why: 'INVALID_TIMESTAMP: refused before processing, re-signed' },
    { status: 400, code: -1022, unsafe: 'fail', why: 'INVALID_SIGNATURE' },
    { status: 401, code: -2014, unsafe: 'fail', why: 'BAD_API_KEY_FMT' },
    { status: 401, code: -2015, unsafe: 'fail', why: 'REJECTED_MBX_KEY' },
    { status: 400, code: -1102, unsafe: 'fail', why: 'MANDATORY_PARAM_EMPTY_OR_MALFORMED' },
    { status: 400, code: -1013, unsafe: 'fail', why: 'INVALID_MESSAGE: the request did not reach the matching engine' },
    { status: 400, code: -1121, unsafe: 'fail', why: 'BAD_SYMBOL' },
    { status: 400, code: -2013, unsafe: 'fail', why: 'NO_SUCH_ORDER (a lookup answer, not an order failure)' },
    { status: 400, code: -2010, unsafe: 'fail', why: 'NEW_ORDER_REJECTED: insufficient balance', body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } },
    { status: 400, code: -2010, unsafe: 'fail', why: 'Duplicate order sent. on a first send: the caller reused an id', body: { code: -2010, msg: 'Duplicate order sent.' } },
    { status: 403, unsafe: 'fail', why: 'WAF rule violated', body: '<html><title>403 Forbidden</title></html>' },
    { status: 409, code: -2021, unsafe: 'fail', why: 'cancelReplace partially succeeded' },
    { status: 502, unsafe: 'verify', safe: 'retry', why: 'a gateway page: 5XX, execution status UNKNOWN', body: '<html><title>502 Bad Gateway</title></html>' },
  ];
  check(p, rows, (r) => ({ code: r.code, msg: 'message' }));

  test('418 carries the ban in Retry-After: the verdict waits exactly that long', () => {
    const v = classify(response(418, { code: -1003, msg: 'Way too much request weight used; IP banned until 1.' }, { 'retry-after': '120' }), { method: 'GET' }, { profile: p });
    expect(v).toMatchObject({ action: 'throttle', retryAfterMs: 120_000 });
  });

  test('"Duplicate order sent." after a resend means the first send landed: verify', () => {
    expect(classifyResent(p, 400, { code: -2010, msg: 'Duplicate order sent.' }).action).toBe('verify');
    expect(classifyResent(p, 400, { code: -2010, msg: 'Account has insufficient balance for requested action.' }).action).toBe('fail');
  });

  test('the operation id fits newClientOrderId (^[.A-Z:/a-z0-9_-]{1,36}$, errors.md −1100 legal range)', () => {
    expect(p.operationIdField).toBe('newClientOrderId');
    expect(p.operationIdUrl?.test('/api/v3/order')).toBe(true);
    expect(p.operationIdUrl?.test('/api/v3/allOrders')).toBe(false);
    for (let i = 0; i < 100; i++) expect(newOperationId()).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(p.formatOperationId).toBeUndefined();
  });

  test('limits as data: 6,000 weight per minute in X-MBX-USED-WEIGHT-1M, orders 50 per 10 s, route weights', () => {
    expect(p.usedWeight).toEqual([expect.objectContaining({ header: 'x-mbx-used-weight-1m', limit: 6_000, intervalMs: 60_000 })]);
    expect(p.rateLimits).toEqual([expect.objectContaining({ limit: 50, intervalMs: 10_000 })]);
    const weight = (method: string, url: string) => p.requestWeights?.find((w) => (w.method ?? method) === method && w.url.test(url))?.weight ?? 1;
    expect([weight('POST', '/api/v3/order'), weight('GET', '/api/v3/order'), weight('GET', '/api/v3/allOrders'), weight('GET', '/api/v3/ticker/price')]).toEqual([1, 4, 20, 1]);
  });

  test('a 2xx is success: the dialect has no error-body test', () => {
    expect(p.dialect.isErrorBody).toBeUndefined();
    expect(p.dialect.readError({ symbol: 'BTCUSDT', orderId: 1 })).toBeUndefined();
  });

  test('codes are per API: Binance −1007 is a timeout, Orderly −1007 a duplicate', () => {
    const orderly = classify(response(409, { success: false, code: -1007, message: 'dup' }), { method: 'POST' }, { profile: profiles.orderly });
    const binance = classify(response(504, { code: -1007, msg: 'Timeout' }), { method: 'POST' }, { profile: p });
    expect([orderly.action, binance.action]).toEqual(['fail', 'verify']);
  });
});
