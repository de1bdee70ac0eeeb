/**
 * The outage scenario shared by overload.ts (retry amplification) and outage.ts (the circuit breaker): an
 * open-loop load of logical GETs on a fresh simulator, every request answered 503 (`sim.setFaults`) inside one
 * window. Returns the raw record (what each logical request became, what the server received); each scenario
 * computes its own columns from it.
 */
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import { startSimulator, type Arrival } from '../../src/testing/index.js';
import type { Peer } from './peers.js';

/** The load and the outage window, in ms from the start. */
export interface OutagePlan {
  readonly rate: number;
  readonly totalMs: number;
  readonly outageFromMs: number;
  readonly outageToMs: number;
}

/** What one logical request became. */
export interface Settled {
  readonly startedAt: number;
  readonly endedAt: number;
  /** The rejection, when it failed. */
  readonly error?: unknown;
}

/** One contender's run. */
export interface OutageRun {
  readonly settled: readonly Settled[];
  /** Every request the server received, in arrival order. */
  readonly arrivals: readonly Arrival[];
  /** When the outage was switched on and off (epoch ms). */
  readonly outageOn: number;
  readonly outageOff: number;
}

/** Runs `peer` through `plan` on a fresh simulator (orderly dialect, the ticker route). */
export async function runOutage(peer: Peer, plan: OutagePlan, seed: number): Promise<OutageRun> {
  const sim = await startSimulator({ dialect: 'orderly', seed });
  const agent = new Agent({ keepAlive: true });
  const send = peer.build(axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 2_000 }));
  const total = Math.round((plan.rate * plan.totalMs) / 1000);
  const settled: Settled[] = [];
  const pending: Array<Promise<void>> = [];
  let outageOn = 0;
  let outageOff = 0;
  const start = Date.now() + 20;
  try {
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / plan.rate;
      if (due - Date.now() >= 1) await sleep(due - Date.now());
      const now = Date.now();
      if (outageOn === 0 && now >= start + plan.outageFromMs) {
        sim.setFaults({ '503': 1 });
        outageOn = now;
      }
      if (outageOff === 0 && now >= start + plan.outageToMs) {
        sim.setFaults({});
        outageOff = now;
      }
      pending.push(
        send({ method: 'GET', url: sim.routes.ticker }).then(
          () => void settled.push({ startedAt: now, endedAt: Date.now() }),
          (error: unknown) => void settled.push({ startedAt: now, endedAt: Date.now(), error }),
        ),
      );
    }
    await Promise.all(pending);
    return { settled, arrivals: [...sim.arrivals], outageOn, outageOff };
  } finally {
    agent.destroy();
    await sim.close();
  }
}
