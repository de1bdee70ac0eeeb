/**
 * redisLimiter and redisJournal on a real three-node Redis Cluster (started on loopback by
 * test/helpers/redis-cluster.ts) through ioredis `Cluster`: every key one acquire touches carries the limiter key's
 * hash tag, so the atomic scripts run on one node, whichever node the key lands on; the journal's keys share its
 * prefix's hash tag, and its persistence check asks every master.
 */
import http from 'node:http';
import axios from 'axios';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor, IndeterminateError, lookups, profiles, redisJournal } from '../../src/index.js';
import { redisLimiter, type AcquireRequest, type AcquireResult } from '../../src/limiter/index.js';
import { startSimulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';
import { stalledWithin, startStallMeter } from '../../benchmarks/lib/stall-meter.js';
import { startRedisCluster, type RedisCluster } from '../helpers/redis-cluster.js';
import { hasRedis } from '../helpers/redis-server.js';

const req = (key: string, over: Partial<AcquireRequest> = {}): AcquireRequest => ({ key, weight: 1, deadlineAt: Date.now() + 5_000, ...over });

describe.skipIf(!hasRedis)('redisLimiter on a Redis Cluster (3 nodes, ioredis Cluster)', () => {
  let cluster: RedisCluster;
  const clients: Cluster[] = [];
  const connect = async (): Promise<Cluster> => {
    const c = new Cluster([...cluster.nodes], { clusterRetryStrategy: () => 100 });
    c.on('error', () => {});
    clients.push(c);
    await c.ping();
    return c;
  };

  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await cluster?.stop();
  });

  it('keys on every node: two clients share each key’s rate and pause; the keys of one acquire share a slot', async () => {
    const [ca, cb] = [await connect(), await connect()];
    const rateLimit = { limit: 20, intervalMs: 1_000 };
    const errors: unknown[] = [];
    const a = redisLimiter({ client: ca, rateLimit, marginMs: 0, maxMarginMs: 0, onError: (e) => errors.push(e) });
    const b = redisLimiter({ client: cb, rateLimit, marginMs: 0, maxMarginMs: 0, onError: (e) => errors.push(e) });
    // Limiter keys whose hash slots fall on all three nodes (CLUSTER KEYSLOT, and the client's slot map).
    const slotOf = async (k: string): Promise<number> => Number(await ca.call('CLUSTER', 'KEYSLOT', k));
    const byNode = new Map<string, string>();
    for (let i = 0; byNode.size < 3 && i < 200; i++) {
      const node = String(ca.slots[await slotOf(`{api-${i}}`)]?.[0]);
      if (!byNode.has(node)) byNode.set(node, `api-${i}`);
    }
    expect(byNode.size).toBe(3);
    for (const key of byNode.values()) {
      const t0 = performance.now();
      const from = Date.now();
      const meter = startStallMeter(5, 10);
      const times: number[] = [];
      const stamp = (p: Promise<AcquireResult>) => p.then((r) => (times.push(performance.now() - t0), r));
      const rs = await Promise.all(Array.from({ length: 7 }, (_, i) => stamp((i % 2 ? a : b).acquire(req(key)))));
      const stalledMs = stalledWithin(meter.stop(), from, Date.now());
      expect(rs.every((r) => r.ok)).toBe(true);
      times.sort((x, y) => x - y);
      // Grants 50 ms apart across both clients: 5 gaps span 250 ms (measured from the second grant: the first stamp
      // carries its own round trip; each stamp a few ms of client-side jitter, and on a loaded machine as late as
      // this process was stalled: measured, and allowed). Each client alone would take 2 × 50.
      expect(times[6]! - times[1]!).toBeGreaterThanOrEqual(5 * 50 - 25 - stalledMs);
      await a.pause(key, 300);
      const tp = Date.now();
      expect((await b.acquire(req(key))).ok).toBe(true);
      expect(Date.now() - tp).toBeGreaterThanOrEqual(270);
    }
    // Every key one acquire touched carries the hash tag, hence one slot.
    const key = [...byNode.values()][0]!;
    const touched = ['rate', 'pause', 'sent', 'learn', 'quota', 'lag', 'grants'].map((p) => `resolute:limit:{${key}}:${p}`);
    expect(new Set(await Promise.all(touched.map(slotOf))).size).toBe(1);
    expect(errors).toEqual([]);
    expect(a.degraded || b.degraded).toBe(false);
  });

  it('shares an advertised quota and a learned rate across clients on the cluster', async () => {
    const [ca, cb] = [await connect(), await connect()];
    const errors: unknown[] = [];
    const a = redisLimiter({ client: ca, onError: (e) => errors.push(e) });
    const b = redisLimiter({ client: cb, onError: (e) => errors.push(e) });
    const key = 'shared-quota';
    expect((await a.acquire(req(key))).ok).toBe(true);
    a.observe?.(key, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, 1, Date.now());
    await new Promise((r) => setTimeout(r, 50)); // the advert reaches Redis
    const t0 = Date.now();
    expect(await b.acquire(req(key, { deadlineAt: Date.now() + 300 }))).toMatchObject({ ok: false, reason: 'deadline' });
    expect((await b.acquire(req(key))).ok).toBe(true); // after the advertised window
    expect(Date.now() - t0).toBeGreaterThanOrEqual(850);
    expect(errors).toEqual([]);
  });

  it('redisJournal: refuses the volatile masters by name, needs a hash tag, and carries an order in doubt from one client to another', async () => {
    const [ca, cb] = [await connect(), await connect()];
    // The nodes run without an append-only file: the durable default refuses, naming the node and the setting.
    await expect(redisJournal({ client: ca }).open()).rejects.toThrow(/refuses this Redis \(cluster node 127\.0\.0\.1:\d+\): .*appendonly/);
    expect(() => redisJournal({ client: ca, key: 'bot:journal', durability: 'volatile' })).toThrow(/must carry a hash tag on a Redis Cluster.*"bot:journal"/);
    const sim = await startSimulator({ dialect: 'orderly' });
    const agent = new http.Agent({ keepAlive: true });
    try {
      const send = axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 2_000 });
      const ja = redisJournal({ client: ca, key: '{bot}:journal', durability: 'volatile' });
      sim.inject({ route: 'placeOrder', fault: '504-after' });
      const a = createExecutor({ http: send, profile: profiles.orderly, journal: ja, verify: () => ({ outcome: 'unknown' }), verifyChecks: 1, verifyDelayMs: 10 });
      const err = await a.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', 'cl-1') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndeterminateError);
      expect(await ja.pending()).toMatchObject([{ operationId: 'cl-1' }]);
      // Another process (its own Cluster client) reconciles it through the lookup, and keeps the outcome.
      const jb = redisJournal({ client: cb, key: '{bot}:journal', durability: 'volatile' });
      const b = createExecutor({ http: send, profile: profiles.orderly, journal: jb, verify: lookups.orderly() });
      expect(await b.reconcilePending()).toMatchObject([{ operationId: 'cl-1', outcome: 'applied', source: 'verified' }]);
      expect(await jb.pending()).toEqual([]);
      expect(await a.outcomeOf('cl-1')).toMatchObject({ state: 'settled', outcome: 'applied', delivered: true });
      expect(sim.ledger.effects.filter((e) => e.intent === 'cl-1')).toHaveLength(1);
      const slots = await Promise.all(Object.values(jb.keys).map(async (k) => Number(await ca.call('CLUSTER', 'KEYSLOT', k))));
      expect(new Set(slots).size).toBe(1);
      await Promise.all([ja.close(), jb.close()]);
    } finally {
      agent.destroy();
      await sim.close();
    }
  });
});
