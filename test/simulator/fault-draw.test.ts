/**
 * `faultDraw: 'request'`: faults are a function of the seed, the request and its attempt number, not of the order
 * in which concurrent requests arrive.
 */
import { describe, expect, it } from 'vitest';
import { drawFor, requestKey, RequestDraws } from '../../src/testing/fault-draw.js';
import { startSimulator, type FaultName, type Simulator } from '../../src/testing/index.js';
import { orderBody, send } from './helpers.js';

const FAULTS: Partial<Record<FaultName, number>> = { '500': 0.2, '503': 0.15, '504-before': 0.1 };
const IDS = Array.from({ length: 12 }, (_, i) => `r${i}`);
const ATTEMPTS = 3;

/** Each id's placement sent ATTEMPTS times; `order` decides the arrival order. Returns the faults per id. */
async function faultsPerRequest(seed: number, order: 'forward' | 'reverse' | 'interleaved', extra?: (sim: Simulator) => Promise<void>) {
  const sim = await startSimulator({ dialect: 'alp', faults: FAULTS, seed, faultDraw: 'request', faultRoutes: ['placeOrder', 'ticker'] });
  try {
    const sends: Array<[string, number]> = [];
    if (order === 'interleaved') for (let a = 0; a < ATTEMPTS; a++) for (const id of IDS) sends.push([id, a]);
    else for (const id of order === 'forward' ? IDS : [...IDS].reverse()) for (let a = 0; a < ATTEMPTS; a++) sends.push([id, a]);
    for (const [id] of sends) {
      await extra?.(sim);
      await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', id));
    }
    const byId = new Map<string, string[]>();
    for (const a of sim.arrivals.filter((x) => x.route === 'placeOrder')) {
      const list = byId.get(a.intent ?? '?') ?? [];
      list.push(a.fault ?? 'none');
      byId.set(a.intent ?? '?', list);
    }
    return Object.fromEntries([...byId].sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await sim.close();
  }
}

describe("faultDraw 'request'", () => {
  it('gives every request the same faults on its nth attempt, whatever the arrival order; another seed differs', async () => {
    const forward = await faultsPerRequest(42, 'forward');
    const reverse = await faultsPerRequest(42, 'reverse');
    const interleaved = await faultsPerRequest(42, 'interleaved');
    expect(Object.keys(forward)).toHaveLength(IDS.length);
    for (const faults of Object.values(forward)) expect(faults).toHaveLength(ATTEMPTS);
    expect(reverse).toEqual(forward);
    expect(interleaved).toEqual(forward);
    const all = Object.values(forward).flat();
    expect(all.filter((f) => f === 'none').length).toBeGreaterThan(5); // a mix, not all one thing
    expect(all.filter((f) => f !== 'none').length).toBeGreaterThan(5);
    expect(await faultsPerRequest(43, 'forward')).not.toEqual(forward);
  });

  it('reads without an intent are told apart by method and path, query string included; other routes draw nothing', async () => {
    const withReads = await faultsPerRequest(42, 'forward', async (sim) => {
      await send(sim, 'GET', `${sim.routes.ticker}?n=1`);
      await send(sim, 'GET', sim.routes.getOrder('x')); // not a fault route
    });
    expect(withReads).toEqual(await faultsPerRequest(42, 'forward'));
    expect(requestKey({ method: 'GET', path: '/t?n=1' })).not.toBe(requestKey({ method: 'GET', path: '/t?n=2' }));
    expect(requestKey({ method: 'POST', path: '/o', intent: 'a' })).toBe(requestKey({ method: 'POST', path: '/other', intent: 'a' }));
  });

  it('arrivals refused by the rate limit take no attempt number', async () => {
    const ids = IDS.slice(0, 6);
    const twice = async (sim: Simulator, id: string, between?: () => Promise<void>): Promise<void> => {
      const key = { headers: { 'X-Api-Key': id } }; // one token bucket per id
      await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', id), key);
      await between?.();
      await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', id), key);
    };
    const faultsOf = (sim: Simulator) =>
      ids.map((id) => sim.arrivals.filter((a) => a.intent === id && a.status !== 429).map((a) => a.fault ?? 'none'));
    const plain = await startSimulator({ dialect: 'alp', faults: FAULTS, seed: 42, faultDraw: 'request' });
    const limited = await startSimulator({ dialect: 'alp', faults: FAULTS, seed: 42, faultDraw: 'request', rateLimit: { limit: 1, intervalMs: 2_000 } });
    try {
      for (const id of ids) await twice(plain, id);
      await Promise.all(
        ids.map((id) =>
          twice(limited, id, async () => {
            for (let i = 0; i < 3; i++) await send(limited, 'POST', limited.routes.placeOrder, orderBody('alp', id), { headers: { 'X-Api-Key': id } });
            await new Promise((r) => setTimeout(r, 2_100)); // the bucket refills one token
          }),
        ),
      );
      const refused = limited.arrivals.filter((a) => a.status === 429);
      expect(refused).toHaveLength(3 * ids.length);
      expect(refused.filter((a) => a.fault !== undefined)).toEqual([]);
      expect(faultsOf(limited)).toEqual(faultsOf(plain)); // the second accepted send is attempt 2 in both
      expect(faultsOf(plain).flat().filter((f) => f !== 'none').length).toBeGreaterThan(0);
    } finally {
      await Promise.all([plain.close(), limited.close()]);
    }
    const draws = new RequestDraws(42);
    const arrival = { method: 'POST', path: '/x', intent: 'r0' };
    expect([draws.next(arrival), draws.next(arrival)]).toEqual([drawFor(42, 'intent r0', 1), drawFor(42, 'intent r0', 2)]);
  });

  it('drawFor is deterministic and uniform-ish in [0, 1)', () => {
    const xs = Array.from({ length: 4_000 }, (_, i) => drawFor(7, `k${i % 50}`, 1 + Math.floor(i / 50)));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(drawFor(7, 'k', 1)).toBe(drawFor(7, 'k', 1));
    const low = xs.filter((x) => x < 0.5).length / xs.length;
    expect(low).toBeGreaterThan(0.45);
    expect(low).toBeLessThan(0.55);
  });

  it('rejects an unknown mode with a TypeError naming the option', async () => {
    await expect(startSimulator({ dialect: 'alp', faultDraw: 'sometimes' as 'request' })).rejects.toThrow(/faultDraw must be 'arrival' or 'request', got sometimes/);
    await expect(startSimulator({ dialect: 'alp', faultDraw: 'sometimes' as 'request' })).rejects.toBeInstanceOf(TypeError);
  });
});
