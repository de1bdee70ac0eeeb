/**
 * 511 two-factor resubmission against the simulator's withdrawal endpoint (real HTTP on 127.0.0.1; the
 * simulator checks codes as TOTP and refuses a code used twice).
 */
import http from 'node:http';
import { inspect } from 'node:util';
import { createHmac } from 'node:crypto';
import axios from 'axios';
import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createExecutor,
  DeadlineExceededError,
  profiles,
  totp,
  TwoFactorError,
  type ExecutorOptions,
  type OtpContext,
  type OtpEvent,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const WITHDRAWAL = { asset: 'BTC', network: 'BTC', address: 'bc1qexampleaddress', amount: '0.05' };
const agent = new http.Agent({ keepAlive: true });
let sim: Simulator;

/** A valid code for the time step `offset` steps from now (the simulator accepts ±1 step). */
function codeAt(offset: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(SECRET), timestamp: Date.now() + offset * 30_000 });
}

function executor(opts: ExecutorOptions = {}) {
  return createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.infinex, baseDelayMs: 5, ...opts });
}

async function withdraw(ex: ReturnType<typeof executor>, config: object = {}) {
  return ex.request({ method: 'POST', url: sim.routes.withdraw, data: WITHDRAWAL, headers: { Authorization: 'Bearer k' }, ...config });
}

const codeOf = (raw: string): string | undefined => (JSON.parse(raw) as { code2FA?: string }).code2FA;

beforeEach(async () => {
  sim = await startSimulator({ dialect: 'infinex', otpSecret: SECRET });
});
afterEach(async () => sim.close());
afterAll(() => agent.destroy());

describe('2FA withdrawal (Infinex)', () => {
  test('with the built-in TOTP provider: succeeds; the server saw two requests, the second the first plus code2FA', async () => {
    const res = await withdraw(executor({ otp: totp({ secret: SECRET }) }));
    expect(res.status).toBe(200);
    expect(sim.arrivals).toHaveLength(2);
    const [first, second] = sim.arrivals as [typeof sim.arrivals[0], typeof sim.arrivals[0]];
    expect(first.status).toBe(511);
    const code = codeOf(second.rawBody)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(second.rawBody).toBe(`${first.rawBody.slice(0, -1)},"code2FA":"${code}"}`);
    expect(second.method).toBe(first.method);
    expect(second.path).toBe(first.path);
    expect(sim.ledger.effects).toHaveLength(1);
  });

  test('wrong code then right code: succeeds, the hook is told rejected: true the second time', async () => {
    const asks: OtpContext[] = [];
    const codes = ['000000', codeAt(0)];
    const res = await withdraw(executor({ otp: (ctx) => (asks.push(ctx), codes.shift()!) }));
    expect(res.status).toBe(200);
    expect(asks.map((a) => [a.attempt, a.rejected])).toEqual([[1, false], [2, true]]);
    expect(asks[0]!.serverMessage).toMatch(/e-mail/i);
    expect(asks[0]!.request).toMatchObject({ method: 'POST', url: sim.routes.withdraw, data: WITHDRAWAL, headers: { Authorization: '[redacted]' } });
    expect(sim.arrivals.map((a) => a.status)).toEqual([511, 401, 200]);
    expect(sim.ledger.effects).toHaveLength(1);
  });

  test('codes refused otpAttempts times → TwoFactorError; never a request without a fresh code after the 511', async () => {
    let n = 0;
    const err = await withdraw(executor({ otp: () => `00000${n++}`, otpAttempts: 3 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwoFactorError);
    expect((err as Error).message).toMatch(/3 codes were refused/);
    expect(sim.arrivals).toHaveLength(4);
    const later = sim.arrivals.slice(1).map((a) => codeOf(a.rawBody));
    expect(later).toEqual(['000000', '000001', '000002']);
    expect(sim.ledger.effects).toHaveLength(0);
  });

  test('a 429 on the send with the code (refused before the 2FA check): the same code after the wait; the hook asked once', async () => {
    const asks: OtpContext[] = [];
    const otp = (ctx: OtpContext): string => {
      asks.push(ctx);
      sim.inject({ route: 'withdraw', fault: '429', retryAfterSec: 1 }); // meets the send that carries this code
      return codeAt(0);
    };
    const res = await withdraw(executor({ otp }));
    expect(res.status).toBe(200);
    expect(asks).toHaveLength(1);
    expect(sim.arrivals.map((a) => a.status)).toEqual([511, 429, 200]);
    const [, refused, accepted] = sim.arrivals.map((a) => codeOf(a.rawBody));
    expect(refused).toMatch(/^\d{6}$/);
    expect(accepted).toBe(refused);
    expect(sim.ledger.effects).toHaveLength(1);
  });

  test('a 503 on the send with the code (the server may have spent it): resent without it, a fresh code for the next 511', async () => {
    const asks: OtpContext[] = [];
    const codes = [codeAt(0), codeAt(1)];
    const otp = (ctx: OtpContext): string => {
      asks.push(ctx);
      if (asks.length === 1) sim.inject({ route: 'withdraw', fault: '503' });
      return codes.shift()!;
    };
    const res = await withdraw(executor({ otp }));
    expect(res.status).toBe(200);
    expect(asks.map((a) => [a.attempt, a.rejected])).toEqual([[1, false], [2, false]]);
    expect(sim.arrivals.map((a) => a.status)).toEqual([511, 503, 511, 200]);
    const sentCodes = sim.arrivals.map((a) => codeOf(a.rawBody));
    expect(sentCodes[2]).toBeUndefined();
    expect(sentCodes[3]).not.toBe(sentCodes[1]);
    expect(sim.ledger.effects).toHaveLength(1);
  });

  test('no hook → TwoFactorError at once, carrying the server message', async () => {
    const err = (await withdraw(executor()).catch((e: unknown) => e)) as TwoFactorError;
    expect(err).toBeInstanceOf(TwoFactorError);
    expect(err.serverMessage).toMatch(/e-mail/i);
    expect(sim.arrivals).toHaveLength(1);
  });

  test('a hook that throws → TwoFactorError with the hook error as cause', async () => {
    const boom = new Error('mailbox unreachable');
    const err = (await withdraw(executor({ otp: () => { throw boom; } })).catch((e: unknown) => e)) as TwoFactorError;
    expect(err).toBeInstanceOf(TwoFactorError);
    expect(err.cause).toBe(boom);
    expect(sim.arrivals).toHaveLength(1);
  });

  test('a hook slower than the deadline → DeadlineExceededError when the deadline passes; its signal is aborted', async () => {
    let hookSignal: AbortSignal | undefined;
    const t0 = Date.now();
    const err = await withdraw(executor({ deadlineMs: 300, otp: (ctx) => ((hookSignal = ctx.signal), new Promise<string>(() => {})) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(hookSignal?.aborted).toBe(true);
    expect(sim.arrivals).toHaveLength(1);
  });

  test('an abort while the hook runs rejects at once with the reason', async () => {
    const ctl = new AbortController();
    const reason = new Error('user closed the dialog');
    const p = withdraw(executor({ otp: () => new Promise<string>(() => { setTimeout(() => ctl.abort(reason), 20); }) }), { signal: ctl.signal });
    expect(await p.catch((e: unknown) => e)).toBe(reason);
    expect(sim.arrivals).toHaveLength(1);
  });

  test('concurrent 511s each get their own code; all succeed, each applied once', async () => {
    let k = -1;
    const given: string[] = [];
    const ex = executor({ otp: () => { const c = codeAt(k++); given.push(c); return c; } });
    const results = await Promise.all([0, 1, 2].map((i) => ex.request({ method: 'POST', url: sim.routes.withdraw, data: { ...WITHDRAWAL, amount: `0.0${i + 1}` } })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(given).size).toBe(3);
    expect(sim.arrivals).toHaveLength(6);
    expect(sim.ledger.effects).toHaveLength(3);
    expect(sim.ledger.duplicates()).toEqual([]);
  });

  test('the code never appears in an error, event or history (sentinel)', async () => {
    const SENTINEL = '9876543210';
    const events: OtpEvent[] = [];
    const all: unknown[] = [];
    const err = await withdraw(
      executor({ otp: () => SENTINEL, otpAttempts: 2, onOtp: (e) => events.push(e), onAttempt: (e) => all.push(e), onGiveUp: (e) => all.push(e) }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwoFactorError);
    expect(events.map((e) => [e.ask, e.rejected])).toEqual([[1, false], [2, true]]);
    expect(sim.arrivals.filter((a) => a.rawBody.includes(SENTINEL))).toHaveLength(2); // it was sent...
    const dump = inspect(err, { depth: 20, showHidden: true }) + JSON.stringify(err) + inspect([events, all], { depth: 20 });
    expect(dump).not.toContain(SENTINEL); // ...and is nowhere else
  });
});

describe('signed APIs: prepare re-signs the resubmitted body (ALP X-SIGN over the exact bytes)', () => {
  test('the 511 resubmission carries a valid signature of the new body', async () => {
    const apiSecret = 'alp-api-secret';
    const alp = await startSimulator({ dialect: 'alp', otpSecret: SECRET, apiSecret });
    try {
      const ex = createExecutor({
        http: axios.create({ baseURL: alp.url, httpAgent: agent }),
        profile: profiles.alp,
        otp: totp({ secret: SECRET }),
        prepare: (config) => {
          const body = typeof config.data === 'string' ? config.data : JSON.stringify(config.data);
          const sign = createHmac('sha256', apiSecret).update(body).digest('hex');
          return { ...config, data: body, headers: { ...(config.headers as object), 'Content-Type': 'application/json', 'X-SIGN': sign } };
        },
      });
      const res = await ex.request({ method: 'POST', url: alp.routes.withdraw, data: WITHDRAWAL });
      expect(res.status).toBe(200);
      expect(alp.arrivals.map((a) => a.status)).toEqual([511, 200]);
      const [a, b] = alp.arrivals;
      expect(b!.rawBody).toBe(`${a!.rawBody.slice(0, -1)},"code2FA":"${codeOf(b!.rawBody)}"}`);
      expect(b!.headers['x-sign']).toBe(createHmac('sha256', apiSecret).update(b!.rawBody).digest('hex'));
    } finally {
      await alp.close();
    }
  });
});
