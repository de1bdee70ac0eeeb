/**
 * Every way `request()` can reject, one test per source in src/executor/*. The set is closed:
 *   - a ResoluteError (PermanentError, RetriesExhaustedError, TwoFactorError, IndeterminateError, DeadlineExceededError);
 *   - the abort signal's reason;
 *   - exactly what the caller's own code threw: prepare, otp and verify hooks' effects, onX events, rule functions and
 *     `when`, limiterKey and weight functions, interceptors, transforms and adapters;
 *   - a TypeError for a caller bug the executor cannot run with, naming it (bad config.resolute, a method that is not
 *     a string, prepare returning no config, a weight that is not a number).
 * Hostile bodies, headers and dialects are never in that list: they end as typed failures.
 */
import axios, { AxiosError } from 'axios';
import { describe, expect, test } from 'vitest';
import {
  createExecutor,
  DeadlineExceededError,
  type ExecutorOptions,
  IndeterminateError,
  PermanentError,
  profiles,
  ResoluteError,
  TwoFactorError,
} from '../../src/index.js';
import { rejection } from '../helpers/time.js';
import { instantTime, type Reply, stubHttp } from '../helpers/stub-http.js';

const ok: Reply = { status: 200, data: { ok: true } };

function make(script: Parameters<typeof stubHttp>[0], opts: ExecutorOptions = {}) {
  const stub = stubHttp(script);
  const ex = createExecutor({ http: stub.http, ...instantTime(), random: () => 0.5, ...opts });
  return { ex, sent: stub.sent };
}

const boom = () => new Error('from the caller');

describe('caller bugs: a TypeError naming what is wrong, nothing sent', () => {
  test.each([
    ['config.resolute.maxAttempts', { resolute: { maxAttempts: 0 } }, /config\.resolute\.maxAttempts/],
    ['config.method', { method: 42 }, /option "config\.method" must be a string, got 42/],
    ['config.url', { url: { href: 'x' } }, /option "config\.url" must be a string, got an object/],
    ['config.baseURL', { baseURL: 7 }, /option "config\.baseURL" must be a string/],
  ])('%s', async (_n, config, message) => {
    const { ex, sent } = make([ok]);
    const err = await rejection(ex.request({ url: '/x', ...(config as object) }));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(message);
    expect(sent).toHaveLength(0);
  });

  test('prepare returning no config', async () => {
    const { ex, sent } = make([ok], { prepare: () => undefined as never });
    const err = await rejection(ex.request({ url: '/x' }));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/prepare\(\) must return the request config/);
    expect(sent).toHaveLength(0);
  });

  test('a weight function returning NaN: the limiter names the weight', async () => {
    const { ex, sent } = make([ok], { weight: () => Number.NaN });
    const err = await rejection(ex.request({ url: '/x' }));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/weight must be a finite number/);
    expect(sent).toHaveLength(0);
  });
});

describe("the caller's own code: its error, as thrown, and never a resend", () => {
  const cases: Array<[string, Reply[], (e: Error) => ExecutorOptions, number]> = [
    ['prepare', [ok], (e) => ({ prepare: () => { throw e; } }), 0],
    ['limiterKey', [ok], (e) => ({ limiterKey: () => { throw e; } }), 0],
    ['weight', [ok], (e) => ({ weight: () => { throw e; } }), 0],
    ['onAttempt', [ok], (e) => ({ onAttempt: () => { throw e; } }), 0],
    ['onSuccess on the first send', [ok], (e) => ({ onSuccess: () => { throw e; } }), 1],
    ['a rule function', [{ status: 500 }], (e) => ({ rules: [() => { throw e; }] }), 1],
    ["a rule's when", [{ status: 500 }], (e) => ({ rules: [{ action: 'retry', when: () => { throw e; } }] }), 1],
    ['onRetry', [{ status: 500 }, ok], (e) => ({ onRetry: () => { throw e; } }), 1],
    ['onThrottle', [{ status: 429 }, ok], (e) => ({ onThrottle: () => { throw e; } }), 1],
    ['onOtp', [{ status: 511 }, ok], (e) => ({ otp: () => '123456', onOtp: () => { throw e; } }), 1],
    ['onVerify', [{ status: 504 }, ok], (e) => ({ verify: () => ({ outcome: 'absent' }), onVerify: () => { throw e; } }), 1],
    ['onGiveUp (replaces the typed error)', [{ status: 400 }], (e) => ({ onGiveUp: () => { throw e; } }), 1],
  ];
  test.each(cases)('%s', async (_n, script, opts, sends) => {
    const e = boom();
    const { ex, sent } = make(script, opts(e));
    expect(await rejection(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }))).toBe(e);
    expect(sent).toHaveLength(sends);
  });

  test('onSuccess throwing after a retried POST: its error, and the POST is not sent again (it was applied)', async () => {
    const e = boom();
    const { ex, sent } = make([{ status: 503 }, ok, ok, ok], { onSuccess: () => { throw e; } });
    expect(await rejection(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }))).toBe(e);
    expect(sent).toHaveLength(2);
  });

  test('onSuccess throwing after verify found the order applied: its error once, no loop, no resend', async () => {
    const e = boom();
    let calls = 0;
    const { ex, sent } = make([{ status: 504 }, ok], {
      verify: () => ({ outcome: 'applied', data: { id: 1 } }),
      onSuccess: () => {
        calls++;
        throw e;
      },
    });
    expect(await rejection(ex.request({ method: 'POST', url: '/orders', data: {} }))).toBe(e);
    expect(calls).toBe(1);
    expect(sent).toHaveLength(1);
  });

  test('a non-Error thrown by a hook inside the retry loop is rejected as it is (not wrapped by p-retry)', async () => {
    const { ex, sent } = make([{ status: 503 }, ok], { onSuccess: () => { throw 'plain string'; } });
    expect(await rejection(ex.request({ url: '/x' }))).toBe('plain string');
    expect(sent).toHaveLength(2);
  });

  test('a request interceptor (Error and non-Error) and a response interceptor', async () => {
    for (const thrown of [boom(), 'not an error', 42]) {
      const { http, sent } = stubHttp([ok]);
      http.interceptors.request.use(() => { throw thrown; });
      const ex = createExecutor({ http, ...instantTime() });
      expect(await rejection(ex.request({ url: '/x' }))).toBe(thrown);
      expect(sent).toHaveLength(0);
    }
    const e = boom();
    const { http, sent } = stubHttp([ok]);
    http.interceptors.response.use(() => { throw e; });
    expect(await rejection(createExecutor({ http, ...instantTime() }).request({ url: '/x' }))).toBe(e);
    expect(sent).toHaveLength(1);
  });

  test('what axios itself rejects the caller\'s config with (a circular body), unchanged; nothing sent', async () => {
    const data: Record<string, unknown> = { a: 1 };
    data.self = data;
    const raw = await rejection(stubHttp([ok]).http.request({ method: 'PUT', url: '/x', data }));
    const { ex, sent } = make([ok]);
    const err = await rejection(ex.request({ method: 'PUT', url: '/x', data }));
    expect((err as Error).constructor).toBe((raw as Error).constructor);
    expect((err as Error).message).toBe((raw as Error).message);
    expect(sent).toHaveLength(0);
  });

  test("the caller's adapter throwing something that is not an AxiosError", async () => {
    const e = boom();
    const ex = createExecutor({ http: axios.create({ adapter: () => Promise.reject(e) }), ...instantTime() });
    expect(await rejection(ex.request({ url: '/x' }))).toBe(e);
  });
});

describe('the abort signal: its reason, whatever its type', () => {
  test.each([
    ['before the first send', 'before'],
    ['during a backoff wait', 'wait'],
    ['while the otp hook runs', 'otp'],
    ['while the verify hook runs', 'verify'],
  ])('%s', async (_n, when) => {
    for (const reason of [new Error('stop'), 'stop', { why: 'stop' }]) {
      const ctl = new AbortController();
      if (when === 'before') ctl.abort(reason);
      const hang = (signal: AbortSignal) => new Promise<never>((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      const { ex } = make(when === 'otp' ? [{ status: 511 }] : when === 'verify' ? [{ status: 504 }] : [{ status: 503 }, ok], {
        otp: (ctx) => (ctl.abort(reason), hang(ctx.signal)),
        verify: (ctx) => (ctl.abort(reason), hang(ctx.signal)),
        ...(when === 'wait'
          ? {
              sleep: (_ms: number, signal?: AbortSignal) => {
                ctl.abort(reason);
                return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
              },
            }
          : {}),
      });
      expect(await rejection(ex.request({ method: 'POST', url: '/orders', data: {}, signal: ctl.signal }))).toBe(reason);
    }
  });
});

describe('typed: outcomes of the executor itself', () => {
  test('the otp hook throwing → TwoFactorError with it as cause', async () => {
    const e = boom();
    const { ex } = make([{ status: 511 }], { otp: () => { throw e; } });
    const err = (await rejection(ex.request({ method: 'POST', url: '/w', data: {} }))) as TwoFactorError;
    expect(err).toBeInstanceOf(TwoFactorError);
    expect(err.cause).toBe(e);
  });

  test('a body that cannot carry the 2FA code (binary) → TwoFactorError, not a TypeError; one send', async () => {
    const { ex, sent } = make([{ status: 511 }, ok], { otp: () => '123456' });
    const err = await rejection(ex.request({ method: 'POST', url: '/w', data: new Uint8Array([1, 2, 3]) }));
    expect(err).toBeInstanceOf(TwoFactorError);
    expect((err as Error).message).toMatch(/cannot carry a 2FA code/);
    expect(sent).toHaveLength(1);
  });

  test('values without a string form (null-prototype objects) thrown by verify or given as an abort reason', async () => {
    const weird = Object.create(null) as object;
    const v = make([{ status: 504 }], { verify: () => { throw weird; }, verifyChecks: 1 });
    const err = (await rejection(v.ex.request({ method: 'POST', url: '/orders', data: {} }))) as IndeterminateError;
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(err.checks[0]).toMatchObject({ outcome: 'error', error: 'an object' });
    const ctl = new AbortController();
    const a = make([{ status: 503 }, ok], {
      onGiveUp: () => undefined,
      sleep: (_ms, signal) => (ctl.abort(weird), Promise.reject(signal?.reason)),
    });
    expect(await rejection(a.ex.request({ url: '/x', signal: ctl.signal }))).toBe(weird);
  });

  test('the verify hook throwing is a check that could not tell → IndeterminateError', async () => {
    const { ex, sent } = make([{ status: 504 }], { verify: () => { throw boom(); }, verifyChecks: 2 });
    const err = (await rejection(ex.request({ method: 'POST', url: '/orders', data: {} }))) as IndeterminateError;
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(err.checks.map((c) => c.outcome)).toEqual(['error', 'error']);
    expect(sent).toHaveLength(1);
  });

  test('the limiter would wait past the deadline → DeadlineExceededError', async () => {
    const { ex } = make([ok], { rateLimit: { limit: 1, intervalMs: 60_000 }, deadlineMs: 1_000 });
    await ex.request({ url: '/x' });
    expect(await rejection(ex.request({ url: '/x' }))).toBeInstanceOf(DeadlineExceededError);
  });

  test('a custom dialect whose readError throws → a typed failure of an unreadable body, classified by status', async () => {
    const dialect = { name: 'mine', readError: () => { throw new RangeError('dialect bug'); }, isErrorBody: () => { throw new Error('dialect bug'); } };
    const { ex } = make([{ status: 400, data: { code: 'X' } }], { profile: { name: 'mine', dialect, rules: [] } });
    const err = (await rejection(ex.request({ url: '/x' }))) as PermanentError;
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.failure).toMatchObject({ status: 400, bodyIssue: 'unreadable' });
    const post = make([{ status: 502, data: { code: 'X' } }], { profile: { name: 'mine', dialect, rules: [] } });
    expect(await rejection(post.ex.request({ method: 'POST', url: '/x', data: {} }))).toBeInstanceOf(IndeterminateError);
  });
});

describe('hostile answers: typed, classified by status and method', () => {
  const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const trap = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); } });

  test.each([
    ['ALP 10,000-level `fields` on a 504 to a POST', profiles.alp, 504, 'POST', `{"code":"VALIDATION_ERROR","message":"bad","fields":${deep(10_000)}}`, IndeterminateError],
    ['ALP 10,000-level `fields` on a 400', profiles.alp, 400, 'POST', `{"code":"VALIDATION_ERROR","message":"bad","fields":{"x":${deep(10_000)}}}`, PermanentError],
    ['generic 100,000-level array on a 501 to a POST', profiles.generic, 501, 'POST', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, IndeterminateError],
    ['a body whose every access throws (a Proxy from an adapter, axios transforms off)', profiles.orderly, 502, 'POST', trap, IndeterminateError],
    ['2 MB of binary on a 504 to a POST', profiles.batchdata, 504, 'POST', new Uint8Array(2 << 20).fill(0xff), IndeterminateError],
  ])('%s', async (name, profile, status, method, data, type) => {
    const stub = stubHttp([{ status, data, headers: { 'content-type': 'application/json' } }], data === trap ? { transformResponse: [] } : {});
    const ex = createExecutor({ http: stub.http, profile, ...instantTime() });
    const sent = stub.sent;
    const err = (await rejection(ex.request({ method, url: '/orders', data: method === 'POST' ? {} : undefined }))) as ResoluteError;
    expect(err).toBeInstanceOf(type);
    expect(err.failure?.status).toBe(status);
    expect(() => JSON.stringify(err)).not.toThrow();
    expect(JSON.stringify(err).length).toBeLessThan(32_000);
    expect(sent).toHaveLength(1);
  });

  test('a deep `fields` keeps a bounded, marked copy (not the whole value)', async () => {
    const { ex } = make([{ status: 400, data: `{"code":"VALIDATION_ERROR","message":"bad","fields":{"amount":${deep(10_000)}}}` }], { profile: profiles.alp });
    const err = (await rejection(ex.request({ url: '/x' }))) as PermanentError;
    expect(err.fields?.amount?.length).toBeLessThan(400);
    expect(err.fields?.amount).toMatch(/\[cut: nested deeper than 8 levels\]/);
  });

  test('the AxiosError of a cancelled request never reaches the caller when the signal carried a reason', async () => {
    const ctl = new AbortController();
    const reason = new Error('mine');
    const http = axios.create({ adapter: async (config) => { ctl.abort(reason); throw new AxiosError('canceled', 'ERR_CANCELED', config); } });
    const ex = createExecutor({ http, ...instantTime() });
    expect(await rejection(ex.request({ url: '/x', signal: ctl.signal }))).toBe(reason);
  });
});
