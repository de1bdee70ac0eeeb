/** `sim.setFaults(rates)`: switching random faults on and off at run time (an outage window, for example). */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody, send } from './helpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('setFaults', () => {
  it('switches an outage on and off: 503 to everything on the fault routes, then healthy again', async () => {
    sim = await startSimulator({ dialect: 'orderly' });
    expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(200);
    sim.setFaults({ '503': 1 });
    for (let i = 0; i < 3; i++) expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(503);
    expect((await send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', 'o-1'))).status).toBe(503);
    expect((await send(sim, 'GET', sim.routes.getOrder('o-1'))).status).toBe(400); // lookups are not a fault route: -1006 not found
    sim.setFaults({});
    expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(200);
    expect(sim.arrivals.map((a) => a.fault ?? null)).toEqual([null, '503', '503', '503', '503', null, null]);
    expect(sim.ledger.effects).toHaveLength(0);
  });

  it('replaces the rates given at start', async () => {
    sim = await startSimulator({ dialect: 'alp', faults: { '500': 1 } });
    expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(500);
    sim.setFaults({ '502-html': 1 });
    expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(502);
  });

  it('rejects invalid rates with a RangeError and keeps the previous ones', async () => {
    sim = await startSimulator({ dialect: 'orderly', faults: { '503': 1 } });
    expect(() => sim!.setFaults({ '503': 0.7, '500': 0.7 })).toThrow(RangeError);
    expect(() => sim!.setFaults({ '503': -1 })).toThrow(RangeError);
    expect(() => sim!.setFaults({ nope: 0.1 } as never)).toThrow(RangeError);
    expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(503);
  });

  it('is deterministic: the same seed and the same calls give the same fault sequence', async () => {
    const run = async (): Promise<Array<string | null>> => {
      const s = await startSimulator({ dialect: 'orderly', seed: 11, faults: { '500': 0.3 } });
      try {
        for (let i = 0; i < 10; i++) await send(s, 'GET', s.routes.ticker);
        s.setFaults({ '503': 0.5 });
        for (let i = 0; i < 10; i++) await send(s, 'GET', s.routes.ticker);
        return s.arrivals.map((a) => a.fault ?? null);
      } finally {
        await s.close();
      }
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a.slice(10).some((f) => f === '503')).toBe(true);
    expect(a.slice(10).some((f) => f === '500')).toBe(false);
  });
});
