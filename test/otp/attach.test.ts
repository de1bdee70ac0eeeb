import axios from 'axios';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { createExecutor, profiles, withBodyField } from '../../src/index.js';
import { BASE, useNock } from '../helpers/nock.js';
import { virtualTime } from '../helpers/time.js';

useNock();

describe('withBodyField: the first send plus the code, nothing else', () => {
  test.each([
    [{ a: 1, b: 'x' }, '{"a":1,"b":"x","code2FA":"123456"}'],
    ['{"a":1,"b":"x"}', '{"a":1,"b":"x","code2FA":"123456"}'],
    ['{ "a" : 1 }', '{ "a" : 1 ,"code2FA":"123456"}'],
    ['{}', '{"code2FA":"123456"}'],
    [undefined, '{"code2FA":"123456"}'],
    ['a=1&b=2', 'a=1&b=2&code2FA=123456'],
  ])('%j', (data, expected) => {
    const out = withBodyField(data, 'code2FA', '123456');
    expect(typeof out === 'string' ? out : JSON.stringify(out)).toBe(expected);
  });

  test('URLSearchParams gets a copy with the field appended; the original is untouched', () => {
    const p = new URLSearchParams('a=1');
    expect(String(withBodyField(p, 'otp', '1'))).toBe('a=1&otp=1');
    expect(p.toString()).toBe('a=1');
  });

  test.each([[[1, 2]], ['[1,2]'], [Buffer.from('x')]])('a body that cannot carry a field (%j) → undefined', (data) => {
    expect(withBodyField(data, 'code2FA', '1')).toBeUndefined();
  });
});

describe('profiles.generic takes a header name from options', () => {
  test('otpPlacement: { header } sends the code in that header on the resubmission only', async () => {
    const vt = virtualTime();
    const seen: Array<string | undefined> = [];
    nock(BASE).post('/transfer').times(2).reply(function () {
      const h = this.req.headers['x-2fa'] as string | undefined;
      seen.push(h);
      return h ? [200, { ok: true }] : [511, { message: 'code required' }];
    });
    const ex = createExecutor({ http: axios.create({ baseURL: BASE }), profile: profiles.generic, otpPlacement: { header: 'X-2FA' }, otp: () => '424242', clock: vt.clock, sleep: vt.sleep });
    const res = await vt.drive(ex.request({ method: 'POST', url: '/transfer', data: { amount: 1 } }));
    expect(res.data).toEqual({ ok: true });
    expect(seen).toEqual([undefined, '424242']);
  });

  test('otpPlacement: { bodyField } puts it in the body', async () => {
    const vt = virtualTime();
    const bodies: unknown[] = [];
    nock(BASE).post('/transfer').times(2).reply((_u, body) => {
      bodies.push(body);
      return (body as { otp?: string }).otp ? [200, {}] : [511, {}];
    });
    const ex = createExecutor({ http: axios.create({ baseURL: BASE }), otpPlacement: { bodyField: 'otp' }, otp: () => '111222', clock: vt.clock, sleep: vt.sleep });
    await vt.drive(ex.request({ method: 'POST', url: '/transfer', data: { amount: 1 } }));
    expect(bodies).toEqual([{ amount: 1 }, { amount: 1, otp: '111222' }]);
  });

  test('bad otpPlacement is a TypeError naming the option', () => {
    expect(() => createExecutor({ otpPlacement: { field: 'x' } as never })).toThrow(/option "otpPlacement" must be \{ bodyField: string \} or \{ header: string \}/);
  });
});
