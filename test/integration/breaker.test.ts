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
import { openLoop } from '../helpers/open-loop.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

describe('an outage on a real server', () => {
  test('R req/s through an N s outage: few sends reach the server during it; traffic resumes within one probe interval', async () => {
    const R = 100; // logical GETs per second, open loop (slots missed while the process stalls are skipped, not bunched)
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
      onAttempt: () => void sends.push(Date.now()), // just before each send, in the same tick as its admission
    });
    const sends: number[] = [];
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const outcomes = { ok: 0, open: 0, other: 0 };
    const pending: Array<Promise<void>> = [];
    const t0 = Date.now();
    let outageOn = Infinity;
    let outageOff = Infinity;
    let starts: number[];
    try {
      starts = await openLoop(1_000 / R, t0 + 1_000 + N + 2_500, (_i, at) => {
        if (outageOn === Infinity && at >= t0 + 1_000) {
          sim.setFaults({ '503': 1 });
          outageOn = at;
        }
        if (outageOff === Infinity && at >= t0 + 1_000 + N) {
          sim.setFaults({});
          outageOff = at;
        }
        pending.push(
          ex.request({ url: sim.routes.ticker }).then(
            () => void outcomes.ok++,
            (e: unknown) => void (isCircuitOpenError(e) ? outcomes.open++ : outcomes.other++),
          ),
        );
      });
      await Promise.all(pending);
    } finally {
      lag.disable();
      agent.destroy();
      await sim.close();
    }
    const lagMs = lag.max / 1e6; // the longest stall of this process: requests in flight land that much later
    const arrivals = (from: number, to: number) => sim.arrivals.filter((a) => a.at >= from && a.at < to);
    const startsIn = (from: number, to: number) => starts.filter((t) => t >= from && t < to).length;
    const d = BREAKER_DEFAULTS;
    const rel = (t: number) => Math.round(t - outageOn);
    const story = () =>
      JSON.stringify({
        lagMs,
        off: rel(outageOff),
        events: events.map((e) => `${rel(e.at)} ${e.from}→${e.to}`),
        arrivals: sim.arrivals.filter((a) => a.at >= outageOn && a.at < outageOff + 2_000).map((a) => `${rel(a.at)}:${a.status ?? '-'}`),
      });
    const openedAt = events.find((e) => e.to === 'open')!.at;
    expect(openedAt).toBeGreaterThanOrEqual(outageOn);
    expect(openedAt).toBeLessThan(outageOff);
    expect(events.map((e) => `${e.from}→${e.to}`).slice(0, 2)).toEqual(['closed→open', 'open→half-open']);
    expect(events.at(-1)!.to).toBe('closed');

    // The server saw exactly the sends the client made: nothing went out unseen.
    expect(sim.arrivals.length).toBe(sends.length);
    const sendsIn = (from: number, to: number) => sends.filter((t) => t >= from && t < to).length;
    // Before it opened: what opening needs, retries included (the failing share of a window, or the requests of
    // minimumSpanMs and this process's stalls).
    const beforeBound = 1.25 * Math.max(d.windowCalls * d.failureRatio, startsIn(outageOn, outageOn + d.minimumSpanMs + lagMs)) + 5;
    expect(sendsIn(outageOn, openedAt + 1), story()).toBeLessThanOrEqual(beforeBound);
    // Once open, until the outage ended: only probes, at most one per OPEN_MS.
    const probes = events.filter((e) => e.to === 'half-open' && e.at < outageOff).length;
    expect(sendsIn(openedAt + 1, outageOff), story()).toBeLessThanOrEqual(probes);
    expect(probes).toBeLessThanOrEqual(Math.ceil((outageOff - openedAt) / OPEN_MS) + 1);
    expect(outcomes.open).toBeGreaterThanOrEqual(startsIn(openedAt + 1, outageOff) - probes);
    const slack = lagMs + 50; // a send reaches the (in-process) server at most one stall later

    // The first success the server saw after the outage: within one probe interval (plus one slot and the lag).
    const firstOk = sim.arrivals.find((a) => a.at >= outageOff && a.status === 200);
    expect(firstOk).toBeDefined();
    expect(firstOk!.at - outageOff, story()).toBeLessThanOrEqual(OPEN_MS + 1_000 / R + slack);
    // Then every request started reached the server and succeeded.
    const after = firstOk!.at + slack;
    expect(arrivals(after, Infinity).length).toBeGreaterThanOrEqual(startsIn(after, Infinity));
    expect(arrivals(after, Infinity).every((a) => a.status === 200)).toBe(true);
    expect(startsIn(after, Infinity)).toBeGreaterThan(0);
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
  readonly starts: number;
}

describe.skipIf(!hasRedis)('redisBreaker across processes', () => {
  test('one process sees the outage and opens the circuit; another process then sends nothing; a probe closes it for both', async () => {
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
    const run = (name: string, durationMs: number, everyMs: number, stopAfterOpenMs?: number): Promise<Tally> =>
      new Promise((resolve) => {
        const w = workers.get(name)!;
        w.once('message', (m) => resolve(m as Tally));
        w.send({ durationMs, everyMs, stopAfterOpenMs });
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

      // A alone meets the outage: 100 GETs/s until 300 ms after its circuit opened (5 s at most)
      const a = await run('A', 5_000, 10, 300);
      expect(a.changes).toContain('closed→open');
      expect(a.open).toBeGreaterThan(0);
      // the shared state in Redis (one hash per key: origin, no credential here)
      const state = async () => (await probeClient.hget(`resolute:breaker:{${new URL(sim.url).origin}}`, 's')) ?? 'closed';
      for (let i = 0; i < 150 && (await state()) !== 'open'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await state()).toBe('open');

      // B (redisBreaker, never failed itself) now sends for 0.5 s: its first request waits for one sync with
      // Redis, so the server sees nothing from B
      const tB = Date.now();
      const b = await run('B', 500, 10);
      expect(b.starts).toBeGreaterThan(0);
      expect(seen('B', tB)).toBe(0);
      expect(b.open).toBe(b.starts);
      expect(b.changes).toEqual(['closed→open']);

      // C (the control: an in-process breaker) has to meet the outage itself: at least minimumCalls sends
      const tC = Date.now();
      const c = await run('C', 5_000, 10, 100);
      expect(seen('C', tC)).toBeGreaterThanOrEqual(BREAKER_DEFAULTS.minimumCalls);
      expect(c.other).toBeGreaterThan(0);

      // the outage ends; after the probe interval one probe (from B) closes the circuit for A as well
      sim.setFaults({});
      await new Promise((r) => setTimeout(r, OPEN_MS + 100));
      const tB2 = Date.now();
      const b2 = await run('B', 100, 20);
      expect(b2.other).toBe(0);
      expect(b2.ok).toBeGreaterThanOrEqual(1); // the probe, then whatever came after its success
      expect(b2.ok + b2.open).toBe(b2.starts); // sends meeting the half-open circuit while the probe was out failed fast
      expect(seen('B', tB2)).toBe(b2.ok);
      expect(b2.changes[0]).toBe('open→half-open');
      const tA = Date.now();
      const a2 = await run('A', 200, 10);
      expect(a2.ok).toBe(a2.starts);
      expect(seen('A', tA)).toBe(a2.starts);
      expect(a2.changes).toEqual(['open→closed']); // A never probed: it learned the closing from Redis
    } finally {
      for (const w of workers.values()) w.send({ exit: true });
      probeClient.disconnect();
      await sim.close();
    }
  }, 60_000);
});
