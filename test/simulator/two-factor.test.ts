import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { startSimulator, type DialectName } from '../../src/testing/index.js';
import { DIALECTS, errorCode, send } from './helpers.js';

const REQUIRE: Record<DialectName, [number, unknown]> = {
  infinex: [511, 'REQUIRE_2FA'],
  batchdata: [511, 511],
  alp: [511, 'REQUIRE_2FA'],
  orderly: [511, -1002],
  binance: [511, -1002],
  bybit: [511, 10005],
  okx: [511, '50114'],
};
const INVALID: Record<DialectName, [number, unknown]> = {
  infinex: [401, 'INVALID_2FA'],
  batchdata: [401, 401],
  alp: [401, 'INVALID_2FA'],
  orderly: [401, -1002],
  binance: [401, -1002],
  bybit: [401, 10005],
  okx: [401, '50114'],
};

function codes(secret: Secret): { now: string; wrong: string } {
  const at = (timestamp: number) => TOTP.generate({ secret, algorithm: 'SHA1', digits: 6, period: 30, timestamp });
  const t = Date.now();
  const valid = new Set([at(t - 30_000), at(t), at(t + 30_000)]);
  let n = (Number(at(t)) + 1) % 1_000_000;
  while (valid.has(String(n).padStart(6, '0'))) n = (n + 1) % 1_000_000;
  return { now: at(t), wrong: String(n).padStart(6, '0') };
}

describe.each(DIALECTS)('%s withdrawal 2FA', (dialect) => {
  it('511 without code, 401 INVALID_2FA with a wrong one, 200 applied once with the right one, a used code is rejected', async () => {
    const secret = new Secret({ size: 20 });
    const sim = await startSimulator({ dialect, otpSecret: secret.base32 });
    try {
      const withdrawal = { currency: 'USDT', amount: '100', address: '0xabc', network: 'ETH' };
      const { now, wrong } = codes(secret);

      const first = await send(sim, 'POST', sim.routes.withdraw, withdrawal);
      expect(first.status).toBe(REQUIRE[dialect][0]);
      expect(errorCode(dialect, first.json)).toBe(REQUIRE[dialect][1]);
      if (dialect === 'infinex') expect(first.json).toEqual({ error: { code: 'REQUIRE_2FA', msg: expect.stringContaining('e-mail') } });
      if (dialect === 'orderly' || dialect === 'batchdata' || dialect === 'binance') expect(first.text).toContain('REQUIRE_2FA');

      const bad = await send(sim, 'POST', sim.routes.withdraw, { ...withdrawal, code2FA: wrong });
      expect(bad.status).toBe(INVALID[dialect][0]);
      expect(errorCode(dialect, bad.json)).toBe(INVALID[dialect][1]);
      if (dialect === 'orderly' || dialect === 'batchdata' || dialect === 'binance') expect(bad.text).toContain('INVALID_2FA');

      const good = await send(sim, 'POST', sim.routes.withdraw, { ...withdrawal, code2FA: now });
      expect(good.status).toBe(200);
      expect(good.text).not.toContain('code2FA');

      const reuse = await send(sim, 'POST', sim.routes.withdraw, { ...withdrawal, amount: '200', code2FA: now });
      expect(reuse.status).toBe(INVALID[dialect][0]);
      expect(errorCode(dialect, reuse.json)).toBe(INVALID[dialect][1]);

      // The 2FA resubmission keeps the intent of the original request.
      const [a, b, c, d] = sim.arrivals;
      expect(sim.arrivals).toHaveLength(4);
      expect(a!.intent).toBeDefined();
      expect(b!.intent).toBe(a!.intent);
      expect(c!.intent).toBe(a!.intent);
      expect(d!.intent).not.toBe(a!.intent);
      expect(sim.arrivals.map((x) => x.applied)).toEqual([false, false, true, false]);
      expect(sim.ledger.count(a!.intent!)).toBe(1);
      expect(sim.ledger.effects).toHaveLength(1);
      expect(sim.ledger.effects[0]!.body).toEqual(withdrawal);
    } finally {
      await sim.close();
    }
  });
});

describe('withdrawal without otpSecret', () => {
  it('needs no 2FA', async () => {
    const sim = await startSimulator({ dialect: 'infinex' });
    try {
      const res = await send(sim, 'POST', sim.routes.withdraw, { currency: 'BTC', amount: '1' });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ success: true, data: { currency: 'BTC', status: 'pending' } });
      expect(sim.arrivals).toHaveLength(1);
      expect(sim.ledger.effects).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it('rejects a secret that is not base32', async () => {
    await expect(startSimulator({ dialect: 'alp', otpSecret: 'not base32!' })).rejects.toThrow(TypeError);
  });
});
