/**
 * OKX v5 (www.okx.com/docs-v5/en/#error-code-rest-api-public, with the HTTP status each code is documented with):
 * every code the profile uses, as OKX sends it: `{"code","msg","data"}`, per-order `sCode` in order answers.
 */
import { describe, expect, test } from 'vitest';
import { BATCH_PARTIAL, classify, newOperationId, profiles } from '../../src/index.js';
import { check, classifyResent, response, type Row } from './rows.js';

const p = profiles.okx;
const body = (code: string, msg = 'message') => ({ code, msg, data: [] });
const order = (sCode: string, sMsg = 'refused', clOrdId = 'c1') => ({ code: '1', msg: 'All operations failed', data: [{ clOrdId, ordId: '', sCode, sMsg, tag: '' }] });

describe('OKX v5: general, API and trade class codes', () => {
  const rows: Row[] = [
    { status: 400, code: '50004', unsafe: 'verify', safe: 'retry', why: 'endpoint timeout: neither success nor failure' },
    { status: 500, code: '51054', unsafe: 'verify', safe: 'retry', why: 'Request timed out' },
    { status: 200, code: '50011', unsafe: 'throttle', why: 'Rate limit reached (200)' },
    { status: 429, code: '50011', unsafe: 'throttle', why: 'Too Many Requests (429)' },
    { status: 429, code: '50013', unsafe: 'throttle', why: 'Systems are busy' },
    { status: 200, code: '50040', unsafe: 'throttle', why: 'Too frequent operations' },
    { status: 200, code: '50061', unsafe: 'throttle', why: 'maximum order rate limit for this account' },
    { status: 503, code: '50001', unsafe: 'retry', why: 'Service temporarily unavailable. Please try again later.' },
    { status: 500, code: '50026', unsafe: 'verify', safe: 'retry', why: 'System error' },
    { status: 401, code: '50102', unsafe: 'retry', why: 'Timestamp request expired: re-signed' },
    { status: 200, code: '50037', unsafe: 'retry', why: 'Order expired (expTime passed): not processed' },
    { status: 410, code: '50005', unsafe: 'fail', why: 'API endpoint inactive' },
    { status: 401, code: '50112', unsafe: 'fail', why: 'Invalid OK-ACCESS-TIMESTAMP' },
    { status: 401, code: '50113', unsafe: 'fail', why: 'Invalid signature' },
    { status: 401, code: '50111', unsafe: 'fail', why: 'Invalid OK-ACCESS-KEY' },
    { status: 400, code: '51000', unsafe: 'fail', why: 'Parameter error' },
    { status: 200, code: '51603', unsafe: 'fail', why: 'Order does not exist (a lookup answer)' },
    { status: 200, code: '51016', unsafe: 'fail', why: 'Client order ID already exists, first send' },
    { status: 200, code: '50071', unsafe: 'fail', why: 'clOrdId already exists, first send' },
    { status: 200, code: '50042', unsafe: 'fail', why: 'Repeated request, first send' },
    { status: 200, code: '1', unsafe: 'fail', why: 'Operation failed, no per-order detail' },
    { status: 502, unsafe: 'verify', safe: 'retry', why: 'a gateway page on an order', body: '<html><title>502 Bad Gateway</title></html>' },
  ];
  check(p, rows, (r) => body(String(r.code)));
});

describe('OKX v5: per-order sCode (code "1": every order failed; "2": some placed)', () => {
  const rows: Row[] = [
    { status: 200, code: '1', reads: 51008, unsafe: 'fail', why: 'insufficient balance, per order', body: order('51008', 'Order failed. Insufficient USDT balance in account') },
    { status: 200, code: '1', reads: 50011, unsafe: 'throttle', why: 'per-order rate limit', body: order('50011', 'Rate limit reached') },
    { status: 200, code: '1', reads: 51016, unsafe: 'fail', why: 'duplicated clOrdId on a first send', body: order('51016', 'Client order ID already exists.') },
    {
      status: 200,
      code: '2',
      reads: BATCH_PARTIAL,
      unsafe: 'fail',
      why: 'bulk operation partially succeeded: a resend would place the placed ones twice',
      body: { code: '2', msg: '', data: [{ clOrdId: 'a', sCode: '0', sMsg: '' }, { clOrdId: 'b', sCode: '51008', sMsg: 'Insufficient balance' }] },
    },
  ];
  check(p, rows, () => undefined);

  test('the refused orders of a partial batch are in fields, by clOrdId', () => {
    const v = classify(response(200, rows[3]!.body), { method: 'POST' }, { profile: p });
    expect(v.failure.fields).toEqual({ b: '51008 Insufficient balance' });
  });

  test('an already-existing clOrdId after a resend means the first send landed: verify', () => {
    expect(classifyResent(p, 200, order('51016', 'Client order ID already exists.')).action).toBe('verify');
    expect(classifyResent(p, 200, body('50071')).action).toBe('verify');
    expect(classifyResent(p, 200, body('50042')).action).toBe('verify');
  });

  test('code "0" is success, anything else an error body; hostile bodies never throw', () => {
    expect(p.dialect.isErrorBody?.({ code: '0', msg: '', data: [{ sCode: '0' }] })).toBe(false);
    expect(p.dialect.isErrorBody?.(body('50011'))).toBe(true);
    for (const b of [null, 'x', [], { code: {} }, { code: '1', data: 'x' }, { code: '1', data: [null, 1, { sCode: {} }] }]) {
      expect(() => p.dialect.readError(b)).not.toThrow();
      expect(() => p.dialect.isErrorBody?.(b)).not.toThrow();
    }
  });

  test('clOrdId: the generated id without its dashes (1–32 alphanumerics)', () => {
    expect(p.operationIdField).toBe('clOrdId');
    expect(p.operationIdUrl?.test('/api/v5/trade/order')).toBe(true);
    expect(p.operationIdUrl?.test('/api/v5/trade/batch-orders')).toBe(false);
    expect(newOperationId()).not.toMatch(/^[A-Za-z0-9]{1,32}$/); // a UUIDv7 as it is would be refused
    for (let i = 0; i < 100; i++) expect(p.formatOperationId!(newOperationId())).toMatch(/^[A-Za-z0-9]{1,32}$/);
  });
});
