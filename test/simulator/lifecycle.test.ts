import http from 'node:http';
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorOptions } from '../../src/testing/index.js';
import { orderBody, send } from './helpers.js';

describe('simulator lifecycle', () => {
  it('starts in well under a second on 127.0.0.1 with dialect paths', async () => {
    const started = performance.now();
    const sim = await startSimulator({ dialect: 'orderly' });
    const elapsed = performance.now() - started;
    try {
      expect(elapsed).toBeLessThan(500);
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
      expect(sim.port).toBeGreaterThan(0);
      expect(sim.dialect).toBe('orderly');
      expect(sim.routes.placeOrder).toBe('/v1/order');
      expect(sim.routes.getOrder('a b/c')).toBe('/v1/client/order/a%20b%2Fc');
      expect(sim.arrivals).toHaveLength(0);
      expect(sim.ledger.effects).toHaveLength(0);
    } finally {
      await sim.close();
    }
  });

  it('close() ends keep-alive connections promptly, is idempotent, and refuses later requests', async () => {
    const sim = await startSimulator({ dialect: 'alp' });
    const agent = new http.Agent({ keepAlive: true });
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await axios.get(sim.url + sim.routes.ticker, { httpAgent: agent });
        expect(res.status).toBe(200);
      }
      expect(sim.arrivals).toHaveLength(3);
      const started = Date.now();
      await Promise.all([sim.close(), sim.close()]);
      await sim.close();
      expect(Date.now() - started).toBeLessThan(1000);
      await expect(axios.get(sim.url + sim.routes.ticker, { httpAgent: new http.Agent({ keepAlive: false }) })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    } finally {
      agent.destroy();
    }
  });

  it('close() during a pending slow response clears its timer and drops the socket (the effect stays applied)', async () => {
    const sim = await startSimulator({ dialect: 'orderly', slowMs: 30_000 });
    sim.inject({ route: 'placeOrder', fault: 'slow' });
    const pending = send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', 'slow-1'));
    const end = Date.now() + 2000;
    while (sim.arrivals.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(sim.ledger.count('slow-1')).toBe(1);
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    const seen = await pending;
    expect(seen.error).toBe('ECONNRESET');
    expect(sim.arrivals).toHaveLength(1);
    expect(sim.arrivals[0]!.status).toBeUndefined();
  });

  it('latencyMs delays every response', async () => {
    const sim = await startSimulator({ dialect: 'batchdata', latencyMs: 40 });
    try {
      const started = Date.now();
      const res = await send(sim, 'GET', sim.routes.ticker);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(35);
      expect(sim.arrivals).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it.each<[string, SimulatorOptions]>([
    ['unknown dialect', { dialect: 'kraken' as never }],
    ['fault sum above 1', { dialect: 'alp', faults: { '500': 0.6, '503': 0.6 } }],
    ['fault rate outside 0..1', { dialect: 'alp', faults: { '500': 2 } }],
    ['unknown fault', { dialect: 'alp', faults: { teapot: 0.1 } as never }],
    ['unknown fault route', { dialect: 'alp', faultRoutes: ['cancel' as never] }],
    ['bad port', { dialect: 'alp', port: 70_000 }],
    ['bad rate limit', { dialect: 'alp', rateLimit: { limit: 0, intervalMs: 1000 } }],
    ['negative latency', { dialect: 'alp', latencyMs: -1 }],
  ])('rejects invalid options: %s', async (_name, opts) => {
    await expect(startSimulator(opts)).rejects.toThrow(/./);
  });
});
