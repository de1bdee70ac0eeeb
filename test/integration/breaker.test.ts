/**
 * The circuit breaker against the real simulator, counting what the server saw: an outage at a steady request
 * rate is mostly not sent, traffic resumes within one probe interval after it ends, and with `redisBreaker` one
 * process's failures open the circuit for another process (real child processes, a real redis-server).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BREAKER_DEFAULTS, createExecutor, isCircuitOpenError, profiles, type BreakerEvent } from '../../src/index.js';
import { startSimulator } from '../../src/testing/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

describe('an outage on a real server', () => {
  test('R req/s through an N s outage: few sends reach the server during it; traffic resumes within one probe interval', async () => {
    const R = 100; // logical GETs per second, open loop
    const N = 3_000; // outage, ms
    const OPEN_MS = 1_000; // the probe interval
    const sim = await startSimulator({ dialect: 'orderly' });
    const agent = new Agent({ keepAlive: true });
    const events: Array<BreakerEvent & { at: number }> = [];
    const ex = createExecutor({
      http: axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 2_000 }),
      profile: profiles.orderly,
      breaker: { openMs: OPEN_MS }, // every other threshold at its default
      onBreaker: (e) => events.push({ ...e, at: Date.now() }),
    });
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const outcomes = { ok: 0, open: 0, other: 0 };
    const pending: Array<Promise<void>> = [];
    const start = Date.now() + 20;
    const total = Math.round((R * (1_000 + N + 2_500)) / 1_000);
    let outageOn = 0;
    let outageOff = 0;
    try {
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1_000) / R;
        if (due - Date.now() >= 1) await new Promise((r) => setTimeout(r, due - Date.now()));
        const now = Date.now();
        if (outageOn === 0 && now >= start + 1_000) {
          sim.setFaults({ '503': 1 });
          outageOn = now;
        }
        if (outageOff === 0 && now >= start + 1_000 + N) {
          sim.setFaults({});
          outageOff = now;
        }
        pending.push(
          ex.request({ url: sim.routes.ticker }).then(
            () => void outcomes.ok++,
            (e: unknown) => void (isCircuitOpenError(e) ? outcomes.open++ : outcomes.other++),
          ),
        );
      }
      await Promise.all(pending);
    } finally {
      lag.disable();
      agent.destroy();
      await sim.close();
    }
    const lagMs = lag.max / 1e6;
    const during = sim.arrivals.filter((a) => a.at >= outageOn && a.at < outageOff);
    const logicalDuring = (R * N) / 1_000;
    // Opening takes at most windowCalls × failureRatio failures (retries included) and minimumSpanMs of them,
    // plus what event-loop lag lets out meanwhile; then one probe per OPEN_MS.
    const d = BREAKER_DEFAULTS;
    const bound = d.windowCalls * d.failureRatio * 1.2 + (R * (d.minimumSpanMs + lagMs)) / 1_000 + Math.ceil(N / OPEN_MS) + 2;
    expect(during.length).toBeLessThanOrEqual(bound);
    expect(during.length).toBeLessThan(0.5 * logicalDuring); // without the breaker: ≥ logicalDuring (every request, plus retries)
    expect(outcomes.open).toBeGreaterThan(0.5 * logicalDuring);
    expect(events.map((e) => `${e.from}→${e.to}`).slice(0, 2)).toEqual(['closed→open', 'open→half-open']);
    expect(events.at(-1)!.to).toBe('closed');
    // the first success the server saw after the outage: within one probe interval (plus the measured lag)
    const firstOk = sim.arrivals.find((a) => a.at >= outageOff && a.status === 200)!;
    expect(firstOk).toBeDefined();
    expect(firstOk.at - outageOff).toBeLessThanOrEqual(OPEN_MS + lagMs + 50);
    // and then the full rate: every request of the last second was sent and answered
    const lastSecond = sim.arrivals.filter((a) => a.at >= outageOff + OPEN_MS + lagMs + 100);
    expect(lastSecond.length).toBeGreaterThan(0);
    expect(lastSecond.every((a) => a.status === 200)).toBe(true);
  }, 30_000);
});

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (hasRedis) redis = await startRedis();
});
afterAll(async () => stopRedis(redis));

interface Tally {
  readonly ok: number;
  readonly open: number;
  readonly other: number;
  readonly changes: readonly string[];
}

describe.skipIf(!hasRedis)('redisBreaker across processes', () => {
  test('one process sees the outage and opens the circuit; another process then sends (almost) nothing; a probe closes it for both', async () => {
    const sim = await startSimulator({ dialect: 'orderly' });
    const OPEN_MS = 1_500;
    const workers = new Map<string, ChildProcess>();
    const start = (name: string, breaker: 'redis' | 'memory'): ChildProcess => {
      const w = fork(join(import.meta.dirname, '..', 'breaker', 'fixtures', 'breaker-worker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, REDIS_PORT: String(redis!.port), SIM_URL: sim.url, ROUTE: sim.routes.ticker, NAME: name, BREAKER: breaker, OPEN_MS: String(OPEN_MS) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.set(name, w);
      return w;
    };
    const run = (name: string, count: number, everyMs: number): Promise<Tally> =>
      new Promise((resolve) => {
        const w = workers.get(name)!;
        w.once('message', (m) => resolve(m as Tally));
        w.send({ count, everyMs });
      });
    const probeClient = new Redis(redis!.port, '127.0.0.1');
    const seen = (name: string, from: number) => sim.arrivals.filter((a) => a.headers['x-worker'] === name && a.at >= from).length;
    try {
      const ready = ['A', 'B', 'C'].map((n) => {
        const w = start(n, n === 'C' ? 'memory' : 'redis');
        return new Promise((r) => w.once('message', r));
      });
      await Promise.all(ready);
      sim.setFaults({ '503': 1 });

      // A alone meets the outage: 60 GETs over 0.6 s open the shared circuit
      const a = await run('A', 60, 10);
      expect(a.changes).toContain('closed→open');
      expect(a.open).toBeGreaterThan(0);
      // the shared state in Redis (one hash per key: origin, no credential here)
      const state = async () => (await probeClient.hget(`resolute:breaker:{${new URL(sim.url).origin}}`, 's')) ?? 'closed';
      for (let i = 0; i < 150 && (await state()) !== 'open'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await state()).toBe('open');

      // B (redisBreaker, never failed itself) now sends 40 GETs: the server sees at most the one that let it sync
      const tB = Date.now();
      const b = await run('B', 40, 10);
      expect(seen('B', tB)).toBeLessThanOrEqual(2);
      expect(b.open).toBeGreaterThanOrEqual(38);
      expect(b.changes).toEqual(['closed→open']);

      // C (the control: an in-process breaker) has to meet the outage itself: many more sends
      const tC = Date.now();
      const c = await run('C', 40, 10);
      expect(seen('C', tC)).toBeGreaterThanOrEqual(20);
      expect(c.other).toBeGreaterThan(0);

      // the outage ends; after the probe interval one probe (from B) closes the circuit for A as well
      sim.setFaults({});
      await new Promise((r) => setTimeout(r, OPEN_MS + 100));
      const tB2 = Date.now();
      const b2 = await run('B', 5, 20);
      expect(b2.other).toBe(0);
      expect(b2.ok).toBeGreaterThanOrEqual(1); // the probe, then whatever came after its success
      expect(b2.ok + b2.open).toBe(5); // sends meeting the half-open circuit while the probe was out failed fast
      expect(seen('B', tB2)).toBe(b2.ok);
      expect(b2.changes[0]).toBe('open→half-open');
      const tA = Date.now();
      const a2 = await run('A', 20, 10);
      expect(a2.ok).toBe(20);
      expect(seen('A', tA)).toBe(20);
      expect(a2.changes).toEqual(['open→closed']); // A never probed: it learned the closing from Redis
    } finally {
      for (const w of workers.values()) w.send({ exit: true });
      probeClient.disconnect();
      await sim.close();
    }
  }, 60_000);
});
