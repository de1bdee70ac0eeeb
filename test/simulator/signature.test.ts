import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/testing/index.js';
import { orderBody, send } from './helpers.js';

const SECRET = 'alp-api-secret';
const sign = (raw: string) => createHmac('sha256', SECRET).update(raw).digest('hex');

describe('ALP X-SIGN', () => {
  it('POST needs X-SIGN = hex HMAC-SHA256(secret, raw body bytes); GET does not', async () => {
    const sim = await startSimulator({ dialect: 'alp', apiSecret: SECRET });
    try {
      // Deliberately unusual bytes: the signature covers exactly what was sent.
      const raw = `{ "client_order_id": "s1",  "pair": "BTC_USDT", "order_side": "BUY", "order_type": "MARKET", "wallet_type": "SPOT", "base_amount": "0.1" }`;
      const missing = await send(sim, 'POST', sim.routes.placeOrder, raw);
      const invalid = await send(sim, 'POST', sim.routes.placeOrder, raw, { headers: { 'X-SIGN': sign(`${raw} `) } });
      const valid = await send(sim, 'POST', sim.routes.placeOrder, raw, { headers: { 'X-SIGN': sign(raw) } });
      const upper = await send(sim, 'POST', sim.routes.placeOrder, JSON.stringify(orderBody('alp', 's2')), {
        headers: { 'X-SIGN': sign(JSON.stringify(orderBody('alp', 's2'))).toUpperCase() },
      });
      const read = await send(sim, 'GET', sim.routes.getOrder('s1'));

      expect(missing.status).toBe(403);
      expect(missing.json).toEqual({ code: 'MISSING_SIGNATURE', message: expect.any(String) });
      expect(invalid.status).toBe(403);
      expect(invalid.json).toEqual({ code: 'INVALID_SIGNATURE', message: expect.any(String) });
      expect(valid.status).toBe(200);
      expect(upper.status).toBe(200);
      expect(read.status).toBe(200);
      expect(sim.arrivals).toHaveLength(5);
      expect(sim.arrivals[0]!.rawBody).toBe(raw);
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['s1', 's2']);
    } finally {
      await sim.close();
    }
  });

  it('a signature failure is answered before any scripted fault is consumed', async () => {
    const sim = await startSimulator({ dialect: 'alp', apiSecret: SECRET });
    try {
      sim.inject({ route: 'placeOrder', fault: '504-after' });
      const body = JSON.stringify(orderBody('alp', 'f1'));
      expect((await send(sim, 'POST', sim.routes.placeOrder, body)).status).toBe(403);
      expect((await send(sim, 'POST', sim.routes.placeOrder, body, { headers: { 'X-SIGN': sign(body) } })).status).toBe(504);
      expect(sim.arrivals.map((a) => a.fault)).toEqual([undefined, '504-after']);
      expect(sim.ledger.count('f1')).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('apiSecret is rejected for other dialects', async () => {
    await expect(startSimulator({ dialect: 'orderly', apiSecret: SECRET })).rejects.toThrow(/alp dialect only/);
  });
});
