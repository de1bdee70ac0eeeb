/**
 * Which sends carry a 2FA code: the one after the hook answers, and the next only when the server cannot have
 * read the code (a 429 at the door, a send that never left). After anything else the code may be spent and a 511
 * asks for a fresh one. Stub adapter, instant fake time (the real-server side is in test/integration/two-factor.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { createExecutor, profiles, type OtpContext } from '../../src/index.js';
import { instantTime, type Reply, stubHttp } from '../helpers/stub-http.js';

const err = (status: number, code: string, headers?: Record<string, string>): Reply => ({ status, data: { error: { code, msg: code } }, headers });
const REQUIRE = err(511, 'REQUIRE_2FA');
const OK: Reply = { status: 200, data: { id: 1 } };

async function withdrawWith(script: Reply[]) {
  const stub = stubHttp(script);
  const asks: Array<[number, boolean]> = [];
  const ex = createExecutor({
    http: stub.http,
    profile: profiles.infinex,
    ...instantTime(),
    otp: (ctx: OtpContext) => (asks.push([ctx.attempt, ctx.rejected]), `11111${ctx.attempt}`),
  });
  const res = await ex.request({ method: 'POST', url: '/wallet/withdraw', data: { asset: 'BTC', amount: '0.1' } });
  const codes = stub.sent.map((c) => (JSON.parse(String(c.data)) as { code2FA?: string }).code2FA ?? null);
  return { status: res.status, asks, codes };
}

describe('a 2FA code goes with the next send only when the server cannot have read it', () => {
  test('429 on the send with the code: the same code again after the wait, the hook asked once', async () => {
    const r = await withdrawWith([REQUIRE, err(429, 'RATE_LIMIT', { 'retry-after': '1' }), OK]);
    expect(r).toEqual({ status: 200, asks: [[1, false]], codes: [null, '111111', '111111'] });
  });

  test('three 429s in a row: still one code', async () => {
    const r = await withdrawWith([REQUIRE, err(429, 'RATE_LIMIT'), err(429, 'RATE_LIMIT'), err(429, 'RATE_LIMIT'), OK]);
    expect(r).toEqual({ status: 200, asks: [[1, false]], codes: [null, '111111', '111111', '111111', '111111'] });
  });

  test('a send that never left (ECONNREFUSED): the same code again', async () => {
    const r = await withdrawWith([REQUIRE, { transport: 'ECONNREFUSED', syscall: 'connect' }, OK]);
    expect(r).toEqual({ status: 200, asks: [[1, false]], codes: [null, '111111', '111111'] });
  });

  test('503 after the send with the code (the server may have spent it): resent without it, the next 511 asks afresh', async () => {
    const r = await withdrawWith([REQUIRE, err(503, 'SERVICE_UNAVAILABLE'), REQUIRE, OK]);
    expect(r).toEqual({ status: 200, asks: [[1, false], [2, false]], codes: [null, '111111', null, '111112'] });
  });

  test('a kept code that the server then refuses is asked for again, rejected: true', async () => {
    const r = await withdrawWith([REQUIRE, err(429, 'RATE_LIMIT'), err(401, 'INVALID_2FA'), OK]);
    expect(r).toEqual({ status: 200, asks: [[1, false], [2, true]], codes: [null, '111111', '111111', '111112'] });
  });

  test('a 429 before any code was asked for sends none', async () => {
    const r = await withdrawWith([err(429, 'RATE_LIMIT'), REQUIRE, OK]);
    expect(r).toEqual({ status: 200, asks: [[1, false]], codes: [null, null, '111111'] });
  });
});
