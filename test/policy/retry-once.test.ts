/**
 * Timestamp refusals (Binance −1021, Bybit 10002, OKX 50102/50037) are re-signed and sent again once: the rule has
 * `maxRepeats: 0`, so a second refusal of the same kind in one logical request falls through to the ladder (a clock
 * that is off will not fix itself by resending). Executor-level: exactly two sends, then a PermanentError.
 */
import nock from 'nock';
import axios from 'axios';
import { describe, expect, test } from 'vitest';
import { createExecutor, PermanentError, profiles, type Profile } from '../../src/index.js';
import { failureFromResponse } from '../../src/failure/normalize.js';
import { classifyFailure } from '../../src/policy/classify.js';
import type { RequestFacts } from '../../src/policy/types.js';
import { BASE, useNock } from '../helpers/nock.js';

useNock();

const facts = (repeats: number): RequestFacts => ({ method: 'POST', url: '/order', safe: false, resent: false, otpSent: false, repeats });

const cases: [Profile, number, unknown][] = [
  [profiles.binance, 400, { code: -1021, msg: "Timestamp for this request is outside of the recvWindow." }],
  [profiles.bybit, 200, { retCode: 10002, retMsg: 'invalid request, please check your server timestamp or recv_window param', result: {} }],
  [profiles.okx, 401, { code: '50102', msg: 'Timestamp request expired', data: [] }],
  [profiles.okx, 200, { code: '1', msg: 'Operation failed.', data: [{ sCode: '50037', sMsg: 'Order expired.' }] }],
];

describe('timestamp refusals: re-signed and retried once', () => {
  for (const [profile, status, body] of cases) {
    test(`${profile.name} ${JSON.stringify(body).slice(0, 40)}: retry the first time, fail the second`, () => {
      const f = failureFromResponse(status, {}, body, profile.dialect, { now: 0 });
      expect(classifyFailure(f, facts(0), profile.rules).action).toBe('retry');
      expect(classifyFailure(f, facts(1), profile.rules).action).toBe('fail');
    });
  }

  test('maxRepeats: 1 matches the first two times, not the third', () => {
    const rule = { code: 7, maxRepeats: 1, action: 'retry' as const };
    const f = failureFromResponse(400, {}, { code: 7, msg: 'x' }, profiles.generic.dialect, { now: 0 });
    expect(classifyFailure(f, facts(1), [rule]).action).toBe('retry');
    expect(classifyFailure(f, facts(2), [rule]).action).toBe('fail');
  });

  test('a bad maxRepeats is a TypeError naming the rule and the value', () => {
    expect(() => createExecutor({ rules: [{ code: 1, maxRepeats: -1, action: 'retry' }] })).toThrow(/rules\[0\]\.maxRepeats.*-1/);
    expect(() => createExecutor({ rules: [{ code: 1, maxRepeats: 0.5, action: 'retry' }] })).toThrow(TypeError);
  });
});

describe('executor: Binance −1021 twice', () => {
  test('two sends (each re-signed by prepare), then a PermanentError', async () => {
    const bodies: string[] = [];
    const scope = nock(BASE)
      .post('/api/v3/order').reply(400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' })
      .post('/api/v3/order').reply(400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    let signed = 0;
    const ex = createExecutor({
      http: axios.create(),
      profile: profiles.binance,
      breaker: false,
      rateLimit: false,
      baseDelayMs: 1, maxDelayMs: 1,
      prepare: (cfg) => {
        signed++;
        bodies.push(JSON.stringify(cfg.data));
        return { ...cfg, headers: { ...cfg.headers, 'x-signed': String(signed) } };
      },
    });
    const err = await ex.request({ baseURL: BASE, method: 'POST', url: '/api/v3/order', data: { symbol: 'BTCUSDT' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).attempts.map((a) => a.action)).toEqual(['retry', 'fail']);
    expect(signed).toBe(2);
    expect(scope.isDone()).toBe(true);
  });

  test('only the same failure counts: a 503 between two −1021s on a GET does not reset or use up the one retry', async () => {
    const refuse = { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' };
    const scope = nock(BASE).get('/api/v3/order').reply(400, refuse).get('/api/v3/order').reply(503, '').get('/api/v3/order').reply(400, refuse);
    const ex = createExecutor({ http: axios.create(), profile: profiles.binance, breaker: false, rateLimit: false, baseDelayMs: 1, maxDelayMs: 1 });
    const err = await ex.request({ baseURL: BASE, url: '/api/v3/order' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).attempts.map((a) => [a.status, a.action])).toEqual([[400, 'retry'], [503, 'retry'], [400, 'fail']]);
    expect(scope.isDone()).toBe(true);
  });
});
