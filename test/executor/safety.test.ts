import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { IndeterminateError, profiles, TwoFactorError } from '../../src/index.js';
import { setup } from '../helpers/executor.js';
import { BASE, useNock } from '../helpers/nock.js';
import { rejection } from '../helpers/time.js';

useNock();


describe('verify without a hook: never a blind resend', () => {
  test.each([
    ['Infinex 504', profiles.infinex, 504, { error: { code: 'GATEWAY_TIMEOUT', msg: 'timeout' } }],
    ['BatchData 502', profiles.batchdata, 502, '<html><title>502 Bad Gateway</title></html>'],
    ['Orderly -1000', profiles.orderly, 500, { success: false, code: -1000, message: 'unknown' }],
    ['ALP INTERNAL_ERROR on 400', profiles.alp, 400, { code: 'INTERNAL_ERROR', message: 'core error' }],
  ])('%s on POST → IndeterminateError, sent once', async (_n, profile, status, body) => {
    const { vt, ex } = setup({ profile });
    let hits = 0;
    nock(BASE).post('/orders').times(3).reply(() => (++hits, [status, body]));
    const err = (await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } })))) as IndeterminateError;
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(err.operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.request).toMatchObject({ method: 'POST', url: '/orders' });
    expect(err.attempts).toHaveLength(1);
    expect(err.message).toMatch(/NOT resent/);
    expect(hits).toBe(1);
  });

  test('the same 504 on GET is retried', async () => {
    const { vt, ex } = setup({ profile: profiles.infinex });
    let hits = 0;
    nock(BASE).get('/orders').reply(() => (++hits, [504, { error: { code: 'GATEWAY_TIMEOUT', msg: 't' } }]));
    nock(BASE).get('/orders').reply(() => (++hits, [200, []]));
    await vt.drive(ex.request({ url: '/orders' }));
    expect(hits).toBe(2);
  });

  test('idempotent: true makes a POST safe to repeat', async () => {
    const { vt, ex } = setup({ profile: profiles.infinex });
    let hits = 0;
    nock(BASE).post('/quote').reply(() => (++hits, [504, {}]));
    nock(BASE).post('/quote').reply(() => (++hits, [200, {}]));
    await vt.drive(ex.request({ method: 'POST', url: '/quote', resolute: { idempotent: true } }));
    expect(hits).toBe(2);
  });

  test('a user rule can widen ambiguity: Binance-style "every 5xx is unknown" is one rule', async () => {
    const { vt, ex } = setup({ rules: [{ status: { from: 500, to: 599 }, safe: false, action: 'verify', reason: 'every 5xx is unknown' }] });
    let hits = 0;
    nock(BASE).post('/orders').reply(() => (++hits, [503, {}]));
    const err = await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: {} })));
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(hits).toBe(1);
  });
});

describe('otp without a hook', () => {
  test('511 REQUIRE_2FA → TwoFactorError at once carrying the server message; sent once', async () => {
    const { vt, ex } = setup({ profile: profiles.infinex });
    let hits = 0;
    nock(BASE).post('/wallet/withdraw').reply(() => (++hits, [511, { error: { code: 'REQUIRE_2FA', msg: '2FA code was sent to a***@mail.com' } }]));
    const err = (await rejection(vt.drive(ex.request({ method: 'POST', url: '/wallet/withdraw', data: { amount: '1' } })))) as TwoFactorError;
    expect(err).toBeInstanceOf(TwoFactorError);
    expect(err.serverMessage).toBe('2FA code was sent to a***@mail.com');
    expect(err.message).toMatch(/no otp hook/);
    expect(hits).toBe(1);
  });
});

describe('throttle', () => {
  test('429 with Retry-After waits the window and retries; the wait does not use up an attempt', async () => {
    const { vt, ex } = setup({ profile: profiles.alp, maxAttempts: 1 });
    let hits = 0;
    nock(BASE).get('/ticker').times(2).reply(() => (++hits, [429, { code: 'TOO_MANY_REQUESTS', message: 'slow' }, { 'Retry-After': '2' }]));
    nock(BASE).get('/ticker').reply(() => (++hits, [200, { p: 1 }]));
    const res = await vt.drive(ex.request({ url: '/ticker' }));
    expect(res.data).toEqual({ p: 1 });
    expect(hits).toBe(3);
    expect(vt.sleeps).toEqual([2_005, 2_005]); // the window plus a 5 ms margin
  });

  test('429 without Retry-After backs off exponentially (BatchData documents none)', async () => {
    const { vt, ex } = setup({ profile: profiles.batchdata, baseDelayMs: 100 });
    let hits = 0;
    nock(BASE).get('/p').times(3).reply(() => (++hits, [429, { status: { code: 429, text: 'Too Many Requests', message: 'limit' } }]));
    nock(BASE).get('/p').reply(() => (++hits, [200, {}]));
    await vt.drive(ex.request({ url: '/p' }));
    expect(vt.sleeps).toEqual([100, 200, 400]);
    expect(hits).toBe(4);
  });

  test('Orderly −1003 in the body is a throttle', async () => {
    const { vt, ex } = setup({ profile: profiles.orderly });
    let hits = 0;
    nock(BASE).get('/v1/orders').reply(() => (++hits, [429, { success: false, code: -1003, message: 'Rate limit exceed.' }, { 'Retry-After': '1' }]));
    nock(BASE).get('/v1/orders').reply(() => (++hits, [200, { success: true }]));
    await vt.drive(ex.request({ url: '/v1/orders' }));
    expect(vt.sleeps).toEqual([1_005]);
    expect(hits).toBe(2);
  });
});

describe('abort', () => {
  test('an abort during a backoff wait rejects at once with the signal reason; no further request', async () => {
    const { vt, ex } = setup({ baseDelayMs: 10_000 });
    let hits = 0;
    nock(BASE).get('/x').times(3).reply(() => (++hits, [503, {}]));
    const ctl = new AbortController();
    const reason = new Error('user cancelled');
    const p = ex.request({ url: '/x', signal: ctl.signal });
    // let the first attempt fail and the wait begin, then abort
    while (vt.pending() === 0) await new Promise((r) => setImmediate(r));
    ctl.abort(reason);
    expect(await rejection(p)).toBe(reason);
    expect(hits).toBe(1);
  });

  test('an abort reason that is not an Error is still the rejection', async () => {
    const { vt, ex } = setup({ baseDelayMs: 10_000 });
    nock(BASE).get('/x').times(3).reply(503, {});
    const ctl = new AbortController();
    const p = ex.request({ url: '/x', signal: ctl.signal });
    while (vt.pending() === 0) await new Promise((r) => setImmediate(r));
    ctl.abort('stop');
    expect(await rejection(p)).toBe('stop');
  });

  test('an abort during an attempt in flight rejects at once with the reason; nothing is resent', async () => {
    const { ex } = setup();
    let hits = 0;
    nock(BASE).get('/slow').delay(5_000).reply(() => (++hits, [200, {}]));
    const ctl = new AbortController();
    const reason = new Error('user cancelled mid-flight');
    setTimeout(() => ctl.abort(reason), 20);
    const t0 = Date.now();
    expect(await rejection(ex.request({ url: '/slow', signal: ctl.signal }))).toBe(reason);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(hits).toBeLessThanOrEqual(1);
  });

  test('an already aborted signal rejects without sending', async () => {
    const { vt, ex } = setup();
    let hits = 0;
    nock(BASE).get('/x').reply(() => (++hits, [200, {}]));
    const ctl = new AbortController();
    ctl.abort(new Error('early'));
    const err = await rejection(vt.drive(ex.request({ url: '/x', signal: ctl.signal })));
    expect((err as Error).message).toBe('early');
    expect(hits).toBe(0);
  });
});
