import { describe, expect, it } from 'vitest';
import { startSimulator, type FaultName } from '../../src/testing/index.js';
import { mulberry32 } from '../../src/testing/prng.js';
import { orderBody, send } from './helpers.js';

const FAULTS: Partial<Record<FaultName, number>> = { '500': 0.15, '503': 0.15, '504-before': 0.1, '429-no-retry-after': 0.1 };
const N = 30;

/** Sends N sequential placements (optionally with a lookup before each) and returns the placements' faults. */
async function run(seed: number, withLookups = false): Promise<{ faults: string[]; arrivals: number; statuses: number[] }> {
  const sim = await startSimulator({ dialect: 'alp', faults: FAULTS, seed });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < N; i += 1) {
      if (withLookups) await send(sim, 'GET', sim.routes.getOrder(`d${i}`));
      statuses.push((await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', `d${i}`))).status);
    }
    const placements = sim.arrivals.filter((a) => a.route === 'placeOrder');
    return { faults: placements.map((a) => a.fault ?? 'none'), arrivals: sim.arrivals.length, statuses };
  } finally {
    await sim.close();
  }
}

describe('seeded random faults', () => {
  it('the same seed and the same arrivals give the same faults; another seed differs', async () => {
    const [a, b, c] = await Promise.all([run(42), run(42), run(43)]);
    expect(a.arrivals).toBe(N);
    expect(b.arrivals).toBe(N);
    expect(a.faults).toEqual(b.faults);
    expect(a.statuses).toEqual(b.statuses);
    expect(c.faults).not.toEqual(a.faults);
    // A mix: some clean, some faulted, with the documented statuses.
    expect(a.faults.filter((f) => f === 'none').length).toBeGreaterThan(5);
    expect(a.faults.filter((f) => f !== 'none').length).toBeGreaterThan(5);
    const statusOf: Record<string, number> = { none: 200, '500': 500, '503': 503, '504-before': 504, '429-no-retry-after': 429 };
    expect(a.statuses).toEqual(a.faults.map((f) => statusOf[f]));
  });

  it('lookups (not fault routes by default) draw nothing, so they do not shift the sequence', async () => {
    const [plain, interleaved] = await Promise.all([run(7), run(7, true)]);
    expect(interleaved.arrivals).toBe(2 * N);
    expect(interleaved.faults).toEqual(plain.faults);
  });

  it('the default seed is 1', async () => {
    const [explicit, implicit] = await Promise.all([run(1), (async () => {
      const sim = await startSimulator({ dialect: 'alp', faults: FAULTS });
      try {
        for (let i = 0; i < N; i += 1) await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', `d${i}`));
        return sim.arrivals.map((a) => a.fault ?? 'none');
      } finally {
        await sim.close();
      }
    })()]);
    expect(implicit).toEqual(explicit.faults);
  });

  it('mulberry32 is deterministic and uniform-ish in [0, 1)', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
