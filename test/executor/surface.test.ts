import { inspect } from 'node:util';
import axios from 'axios';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { createExecutor, memoryLimiter, profiles, redisLimiter } from '../../src/index.js';
import { setup } from '../helpers/executor.js';
import { BASE, useNock } from '../helpers/nock.js';
import { rejection, virtualTime } from '../helpers/time.js';

useNock();


describe('bad configuration throws a TypeError naming the option and the value', () => {
  test.each([
    [{ maxAttempts: -1 }, /option "maxAttempts" must be a whole number ≥ 1, got -1/],
    [{ maxAttempts: 1.5 }, /option "maxAttempts" .* got 1.5/],
    [{ maxAttempts: 0 }, /option "maxAttempts" .* got 0/],
    [{ deadlineMs: Number.NaN }, /option "deadlineMs" must be a finite number > 0, got NaN/],
    [{ deadlineMs: 0 }, /option "deadlineMs" .* got 0/],
    [{ rules: [{ status: 500, action: 'explode' }] }, /option "rules\[0\]\.action" must be one of retry, throttle, otp, verify, fail, got "explode"/],
    [{ rules: 'nope' }, /option "rules" must be an array of rules, got "nope"/],
    [{ profile: { name: 'x', rules: [] } }, /option "profile\.dialect" must be a dialect with a readError function, got undefined/],
    [{ jitter: 'wild' }, /option "jitter" .* got "wild"/],
    [{ otp: '123456' }, /option "otp" must be a function, got "123456"/],
    [{ onRetry: 5 }, /option "onRetry" must be a function, got 5/],
    [{ baseDelayMs: -5 }, /option "baseDelayMs" .* got -5/],
    [{ journal: {} }, /option "journal" must be a journal/],
    [{ backoff: { baseDelayMs: 10 } }, /option "backoff" must be left out: it is not an option of createExecutor \(known: http, profile, .*onBreaker\), got an object/],
    [{ maxAttempt: 3 }, /option "maxAttempt" must be left out: it is not an option of createExecutor \(did you mean "maxAttempts"\?\), got 3/],
    [{ onretry: () => 0 }, /option "onretry" must be left out: .*did you mean "onRetry"\?/],
    [{ deadline: 5_000 }, /option "deadline" must be left out: .*did you mean "deadlineMs"\?/],
  ])('%o', (opts, message) => {
    expect(() => createExecutor(opts as never)).toThrow(TypeError);
    expect(() => createExecutor(opts as never)).toThrow(message);
  });

  test('an object passed as a bad option is named by kind, never printed (it may hold credentials)', () => {
    const secret = 'SENTINEL-in-a-bad-option';
    const messages: string[] = [];
    for (const make of [
      () => createExecutor({ journal: { password: secret } as never }),
      () => createExecutor({ limiter: { apiKey: secret } as never }),
      () => redisLimiter({ client: { password: secret } as never }),
      () => memoryLimiter({ clock: { secret } as never }),
    ]) {
      try {
        make();
      } catch (e) {
        messages.push((e as Error).message);
      }
    }
    expect(messages).toHaveLength(4);
    for (const m of messages) {
      expect(m).toMatch(/got an object/);
      expect(m).not.toContain(secret);
    }
  });

  test('bad per-request options reject with a TypeError before anything is sent', async () => {
    const { vt, ex } = setup();
    let hits = 0;
    nock(BASE).get('/x').reply(() => (++hits, [200, {}]));
    const err = await rejection(vt.drive(ex.request({ url: '/x', resolute: { maxAttempts: 0 } })));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/config\.resolute\.maxAttempts/);
    const misspelt = await rejection(vt.drive(ex.request({ url: '/x', resolute: { idempotant: true } as never })));
    expect(misspelt).toBeInstanceOf(TypeError);
    expect((misspelt as Error).message).toMatch(/option "config\.resolute\.idempotant" must be left out: it is not an option of config\.resolute \(did you mean "idempotent"\?\), got true/);
    expect(hits).toBe(0);
  });
});

describe('the caller config is never mutated; prepare and interceptors run per attempt', () => {
  test('prepare re-signs every attempt; interceptors of a wrapped instance run once per attempt', async () => {
    const vt = virtualTime();
    const instance = axios.create({ baseURL: BASE });
    let intercepted = 0;
    instance.interceptors.request.use((c) => {
      intercepted++;
      c.headers.set('X-Interceptor', String(intercepted));
      return c;
    });
    const seen: string[] = [];
    let signs = 0;
    const ex = createExecutor({
      clock: vt.clock,
      sleep: vt.sleep,
      prepare: (config, ctx) => ({ ...config, headers: { ...(config.headers as object), 'X-Sign': `sig-${ctx.attempt}-${++signs}` } }),
    });
    const api = ex.wrap(instance);
    nock(BASE).get('/x').query(true).times(2).reply(function () {
      seen.push(`${this.req.headers['x-sign']}|${this.req.headers['x-interceptor']}`);
      return [503, {}];
    });
    nock(BASE).get('/x').query(true).reply(function () {
      seen.push(`${this.req.headers['x-sign']}|${this.req.headers['x-interceptor']}`);
      return [200, { ok: true }];
    });
    const config = Object.freeze({ headers: Object.freeze({ 'X-Caller': 'yes' }), params: Object.freeze({ a: 1 }) });
    const before = JSON.stringify(config);
    const res = await vt.drive(api.get('/x', config as never));
    expect(res.data).toEqual({ ok: true });
    expect(seen).toEqual(['sig-1-1|1', 'sig-2-2|2', 'sig-3-3|3']);
    expect(JSON.stringify(config)).toBe(before);
  });

  test('a POST body is not mutated when the profile adds client_order_id', async () => {
    const { vt, ex } = setup({ profile: profiles.orderly });
    const data = { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT' };
    let body: Record<string, unknown> = {};
    nock(BASE).post('/v1/order').reply((_u, b) => ((body = b as Record<string, unknown>), [200, { success: true, data: {} }]));
    await vt.drive(ex.request({ method: 'POST', url: '/v1/order', data }));
    expect(data).toEqual({ symbol: 'PERP_BTC_USDC', order_type: 'LIMIT' });
    expect(body.client_order_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('wrap keeps axios call shapes: instance(config), get, post, put, delete, request', async () => {
    const { vt, ex } = setup();
    const api = ex.wrap(axios.create({ baseURL: BASE }));
    let hits = 0;
    const echo = function (this: { req: { method: string; path: string } }) {
      hits++;
      return [200, { method: this.req.method, path: this.req.path }] as [number, object];
    };
    for (const m of ['get', 'post', 'put', 'delete', 'patch'] as const) nock(BASE).persist()[m](/.*/).reply(echo);
    expect((await vt.drive(api.get('/a'))).data).toEqual({ method: 'GET', path: '/a' });
    expect((await vt.drive(api.post('/b', { x: 1 }))).data).toEqual({ method: 'POST', path: '/b' });
    expect((await vt.drive(api.put('/c', { x: 1 }))).data).toEqual({ method: 'PUT', path: '/c' });
    expect((await vt.drive(api.delete('/d'))).data).toEqual({ method: 'DELETE', path: '/d' });
    expect((await vt.drive(api.request({ url: '/e', method: 'patch' }))).data).toEqual({ method: 'PATCH', path: '/e' });
    expect((await vt.drive(api({ url: '/f' }))).data).toEqual({ method: 'GET', path: '/f' });
    expect(api.defaults.baseURL).toBe(BASE);
    expect(hits).toBe(6);
  });
});

describe('events', () => {
  test('onAttempt, onRetry (with the delay), onSuccess get frozen contexts; onGiveUp on failure', async () => {
    const events: string[] = [];
    const contexts: object[] = [];
    const { vt, ex } = setup({
      onAttempt: (e) => (contexts.push(e), events.push(`attempt ${e.attempt}`)),
      onRetry: (e) => (contexts.push(e), events.push(`retry ${e.delayMs} ${e.verdict.action}`)),
      onSuccess: (e) => (contexts.push(e), events.push(`success ${e.status}`)),
      onGiveUp: (e) => (contexts.push(e), events.push(`giveup ${e.error.name}`)),
    });
    nock(BASE).get('/x').reply(500, {}).get('/x').reply(200, {});
    await vt.drive(ex.request({ url: '/x' }));
    nock(BASE).get('/y').reply(404, {});
    await rejection(vt.drive(ex.request({ url: '/y' })));
    expect(events).toEqual(['attempt 1', 'retry 125 retry', 'attempt 2', 'success 200', 'attempt 1', 'giveup PermanentError']);
    for (const c of contexts) expect(Object.isFrozen(c)).toBe(true);
  });

  test('an exception thrown by a hook or a rule is surfaced to the caller', async () => {
    const boom = new Error('hook exploded');
    const a = setup({ onRetry: () => { throw boom; } });
    let hits = 0;
    nock(BASE).get('/x').times(3).reply(() => (++hits, [503, {}]));
    expect(await rejection(a.vt.drive(a.ex.request({ url: '/x' })))).toBe(boom);
    expect(hits).toBe(1);

    const ruleError = new Error('rule exploded');
    const b = setup({ rules: [() => { throw ruleError; }] });
    nock(BASE).get('/z').reply(503, {});
    expect(await rejection(b.vt.drive(b.ex.request({ url: '/z' })))).toBe(ruleError);

    const prepError = new Error('prepare exploded');
    const c = setup({ prepare: () => { throw prepError; } });
    expect(await rejection(c.vt.drive(c.ex.request({ url: '/never' })))).toBe(prepError);
  });
});

describe('secrets never appear in errors, events or history', () => {
  const SENTINEL = 'SENTINEL-s3cr3t-9f8e7d';
  test('Authorization, API key and signature headers, and secret body fields', async () => {
    const seen: unknown[] = [];
    const { vt, ex } = setup({
      profile: profiles.alp,
      maxAttempts: 2,
      onAttempt: (e) => seen.push(e),
      onRetry: (e) => seen.push(e),
      onGiveUp: (e) => seen.push(e),
    });
    nock(BASE).post('/api/v3/orders').query(true).times(2).reply(503, { code: 'SERVICE_UNAVAILABLE', message: 'down' });
    const err = await rejection(
      vt.drive(
        ex.request({
          method: 'POST',
          url: `/api/v3/orders?api_key=${SENTINEL}`,
          headers: { Authorization: `Bearer ${SENTINEL}`, 'X-API-KEY': SENTINEL, 'X-SIGN': SENTINEL },
          data: { pair: 'BTC_USDT', api_secret: SENTINEL, signature: SENTINEL },
        }),
      ),
    );
    expect((err as Error).name).toBe('RetriesExhaustedError');
    const dump = inspect(err, { depth: 20, showHidden: true }) + JSON.stringify(err) + inspect(seen, { depth: 20 }) + String((err as Error).message);
    expect(dump).not.toContain(SENTINEL);
    expect(dump).toContain('[redacted]');
  });
});

describe('classify', () => {
  test('executor.classify uses the executor profile and rules', () => {
    const ex = createExecutor({ profile: profiles.orderly, rules: [{ code: -1102, action: 'retry', reason: 'my rule' }] });
    const err = { isAxiosError: true, message: 'x', response: { status: 400, headers: {}, data: { success: false, code: -1102, message: 'MIN_NOTIONAL' } } };
    expect(ex.classify(err, { method: 'POST' }).action).toBe('retry');
    const err2 = { ...err, response: { ...err.response, data: { success: false, code: '-1011', message: 'RPC' } } };
    expect(ex.classify(err2, { method: 'POST' })).toMatchObject({ action: 'retry', failure: { code: -1011 } });
  });
});
