import axios, { AxiosError } from 'axios';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import {
  createExecutor,
  DeadlineExceededError,
  PermanentError,
  profiles,
  RetriesExhaustedError,
} from '../../src/index.js';
import { setup } from '../helpers/executor.js';
import { BASE, useNock } from '../helpers/nock.js';
import { rejection } from '../helpers/time.js';

useNock();


describe('retry', () => {
  test('500 then 200: one retry after a jittered backoff; the server saw 2 requests', async () => {
    const { vt, ex } = setup({ profile: profiles.infinex });
    const scope = nock(BASE).get('/ticker').reply(500, { error: { code: 'INTERNAL_SERVER_ERROR', msg: 'x' } }).get('/ticker').reply(200, { price: 1 });
    const res = await vt.drive(ex.request({ url: '/ticker' }));
    expect(res.data).toEqual({ price: 1 });
    expect(scope.isDone()).toBe(true);
    expect(vt.sleeps).toEqual([125]); // full jitter: 0.5 × 250
  });

  test('ALP SERVICE_OVERLOADED on HTTP 400 is retried (read from the body)', async () => {
    const { vt, ex } = setup({ profile: profiles.alp });
    let hits = 0;
    nock(BASE).post('/api/v3/orders').times(2).reply(() => (++hits, [400, { code: 'SERVICE_OVERLOADED', message: 'busy' }]));
    nock(BASE).post('/api/v3/orders').reply(() => (++hits, [200, { id: 7 }]));
    const res = await vt.drive(ex.request({ method: 'POST', url: '/api/v3/orders', data: { pair: 'BTC_USDT' } }));
    expect(res.data).toEqual({ id: 7 });
    expect(hits).toBe(3);
  });

  test('maxAttempts counts total sends, the first included', async () => {
    const { vt, ex } = setup({ maxAttempts: 3 });
    let hits = 0;
    nock(BASE).get('/x').times(5).reply(() => (++hits, [503, {}]));
    const err = await rejection(vt.drive(ex.request({ url: '/x' })));
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect((err as RetriesExhaustedError).reason).toBe('attempts');
    expect((err as RetriesExhaustedError).attempts.map((a) => a.action)).toEqual(['retry', 'retry', 'retry']);
    expect((err as RetriesExhaustedError).attempts.map((a) => a.status)).toEqual([503, 503, 503]);
    expect(hits).toBe(3);
  });

  test('per-request maxAttempts overrides the executor', async () => {
    const { vt, ex } = setup({ maxAttempts: 5 });
    let hits = 0;
    nock(BASE).get('/x').times(5).reply(() => (++hits, [503, {}]));
    await rejection(vt.drive(ex.request({ url: '/x', resolute: { maxAttempts: 2 } })));
    expect(hits).toBe(2);
  });

  test('exponential full-jitter backoff, capped', async () => {
    const { vt, ex } = setup({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500, random: () => 0.999 });
    nock(BASE).get('/x').times(6).reply(503, {});
    await rejection(vt.drive(ex.request({ url: '/x' })));
    expect(vt.sleeps.map(Math.round)).toEqual([100, 200, 400, 500, 500]);
  });

  test('decorrelated jitter stays within [base, 3 × previous] and the cap', async () => {
    const { vt, ex } = setup({ maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, jitter: 'decorrelated', random: () => 1 });
    nock(BASE).get('/x').times(5).reply(503, {});
    await rejection(vt.drive(ex.request({ url: '/x' })));
    expect(vt.sleeps).toEqual([100, 300, 900, 2700]);
  });

  test('never sooner than Retry-After', async () => {
    const { vt, ex } = setup({ baseDelayMs: 10 });
    let hits = 0;
    nock(BASE).get('/x').reply(() => (++hits, [503, {}, { 'Retry-After': '3' }]));
    nock(BASE).get('/x').reply(() => (++hits, [200, 'ok']));
    await vt.drive(ex.request({ url: '/x' }));
    expect(vt.sleeps).toEqual([3_000]);
    expect(hits).toBe(2);
  });

  test('a server wait longer than the deadline fails at once with DeadlineExceededError (no sleeping in vain)', async () => {
    const { vt, ex } = setup({ deadlineMs: 5_000 });
    let hits = 0;
    nock(BASE).get('/x').reply(() => (++hits, [503, {}, { 'Retry-After': '60' }]));
    const err = await rejection(vt.drive(ex.request({ url: '/x' })));
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect((err as Error).message).toMatch(/60000 ms, past the deadline/);
    expect(vt.sleeps).toEqual([]);
    expect(hits).toBe(1);
  });

  test('network errors before the request left are retried even for POST', async () => {
    // nock cannot emulate a refused connection: a stub adapter stands in for the transport.
    let hits = 0;
    const http = axios.create({
      baseURL: BASE,
      adapter: async (config) => {
        if (++hits === 1) {
          throw new AxiosError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', config, undefined, undefined);
        }
        return { data: { id: 1 }, status: 201, statusText: 'Created', headers: {}, config };
      },
    });
    const { vt, ex } = setup({ http });
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { a: 1 } }));
    expect(res.status).toBe(201);
    expect(hits).toBe(2);
  });

  test('a reset after the request was written is not retried for POST (verify, not resend)', async () => {
    const { vt, ex } = setup();
    let hits = 0;
    const http = axios.create({
      baseURL: BASE,
      adapter: async (config) => {
        hits++;
        throw new AxiosError('socket hang up', 'ECONNRESET', config, {}, undefined);
      },
    });
    const ex2 = createExecutor({ http, clock: vt.clock, sleep: vt.sleep });
    const err = await rejection(vt.drive(ex2.request({ method: 'POST', url: '/orders', data: { a: 1 } })));
    expect((err as Error).name).toBe('IndeterminateError');
    expect(hits).toBe(1);
    void ex;
  });

  test('a 4xx fails at once with PermanentError keeping code, message and fields', async () => {
    const { vt, ex } = setup({ profile: profiles.alp });
    let hits = 0;
    nock(BASE).post('/api/v3/orders').reply(() => (++hits, [422, { code: 'VALIDATION_ERROR', message: 'Input data validation failed', fields: { order_type: 'invalid order_type: FANTASY' } }]));
    const err = (await rejection(vt.drive(ex.request({ method: 'POST', url: '/api/v3/orders', data: {} })))) as PermanentError;
    expect(err).toBeInstanceOf(PermanentError);
    expect(err).toMatchObject({ status: 422, code: 'VALIDATION_ERROR', apiMessage: 'Input data validation failed', fields: { order_type: 'invalid order_type: FANTASY' } });
    expect(err.message).toMatch(/POST \/api\/v3\/orders failed: HTTP 422 VALIDATION_ERROR/);
    expect(hits).toBe(1);
  });

  test('a 2xx with an error body (Orderly success:false) counts as a failure', async () => {
    const { vt, ex } = setup({ profile: profiles.orderly });
    let hits = 0;
    nock(BASE).get('/v1/positions').reply(() => (++hits, [200, { success: false, code: -1012, message: 'RPC_REJECT' }]));
    nock(BASE).get('/v1/positions').reply(() => (++hits, [200, { success: true, data: [] }]));
    const res = await vt.drive(ex.request({ url: '/v1/positions' }));
    expect(res.data).toEqual({ success: true, data: [] });
    expect(hits).toBe(2);
  });

  test('the deadline bounds waits: retries stop when the next wait would pass it', async () => {
    const { vt, ex } = setup({ deadlineMs: 1_000, baseDelayMs: 400, random: () => 0.999, maxAttempts: 10 });
    let hits = 0;
    nock(BASE).get('/x').times(10).reply(() => (++hits, [503, {}]));
    const err = await rejection(vt.drive(ex.request({ url: '/x' })));
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(hits).toBe(2); // 400 ms wait fits, the next 800 ms wait does not
  });
});
