/**
 * A Redis outage under a redisJournal while orders are placed against the simulator: every caller gets its
 * response or a ResoluteError while Redis is still down (no caller waits for ioredis to give up), orders whose
 * intent could not be recorded are never sent, and after recovery every order the exchange applied was either
 * returned to its caller or is pending / settled-undelivered in the journal.
 * The outage starts deterministically, at the send of the 5th order; it is a SIGKILL (Redis down: ioredis
 * reconnects and queues) or a SIGSTOP (Redis frozen: commands hang on an open socket).
 */
import http from 'node:http';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createExecutor, isJournalError, isResoluteError, lookups, profiles, redisJournal, type JournalErrorEvent } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';
import { orderBody } from '../simulator/helpers.js';

const ORDERS = 30;
const STAGGER_MS = 15;
const JOURNAL_TIMEOUT_MS = 300;

describe.skipIf(!hasRedis)('redisJournal through a Redis outage', () => {
  let redis: RedisServer;
  let sim: Simulator;
  let client: Redis;
  const agent = new http.Agent({ keepAlive: true });

  beforeEach(async () => {
    redis = await startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    sim = await startSimulator({ dialect: 'orderly', latencyMs: 50 });
    client = new Redis(redis.url); // ioredis defaults: reconnects, queues commands, 20 retries per request
    client.on('error', () => undefined);
  });
  afterEach(async () => {
    client.disconnect();
    await sim.close();
    redis.signal('SIGCONT');
    await stopRedis(redis);
  });

  test.each(['SIGKILL', 'SIGSTOP'] as const)('outage by %s: every caller answered, nothing applied is forgotten', async (how) => {
    const journalErrors: JournalErrorEvent[] = [];
    let sends = 0;
    let outageAt = 0;
    const ex = createExecutor({
      http: axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 2_000 }),
      // Orderly's documented 10 orders/s would space the sends 100 ms apart: the 5th, and the outage, would come
      // at 400 ms, a few ms before the last order starts (435 ms), and then no record might meet the outage.
      profile: { ...profiles.orderly, rateLimits: [] },
      verify: lookups.orderly(),
      journal: redisJournal({ client }),
      journalTimeoutMs: JOURNAL_TIMEOUT_MS,
      onJournalError: (e) => journalErrors.push(e),
      onAttempt: () => {
        if (++sends === 5) {
          outageAt = Date.now();
          redis.signal(how);
        }
      },
    });
    await ex.outcomeOf('warm-up'); // the start-up check runs before the outage

    const results = new Map<string, { ok: true } | { ok: false; error: unknown }>();
    const calls: Promise<void>[] = [];
    const t0 = Date.now();
    for (let i = 0; i < ORDERS; i++) {
      const id = `out-${how}-${i}`;
      calls.push(
        ex.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', id) }).then(
          () => void results.set(id, { ok: true }),
          (error: unknown) => void results.set(id, { ok: false, error }),
        ),
      );
      await new Promise((r) => setTimeout(r, STAGGER_MS));
    }
    await Promise.all(calls); // all while Redis is still down: nobody waits for it to come back
    const answeredAt = Date.now();
    expect(outageAt).toBeGreaterThan(0);

    // Every caller: a response or a ResoluteError. Orders whose record failed were never sent.
    const refused: string[] = [];
    for (const [id, r] of results) {
      if (r.ok) continue;
      expect(isResoluteError(r.error), `${id}: ${String(r.error)}`).toBe(true);
      if (isJournalError(r.error) && r.error.stage === 'record') refused.push(id);
    }
    console.info(`[journal-outage] ${how} at ${outageAt - t0} ms (the last order starts at ${(ORDERS - 1) * STAGGER_MS} ms): ${refused.length} records refused`);
    expect(refused.length).toBeGreaterThan(0);
    for (const id of refused) expect(sim.ledger.count(id)).toBe(0);
    expect(journalErrors.some((e) => e.stage === 'settle')).toBe(true); // the orders in flight at the outage
    expect(answeredAt - outageAt).toBeLessThan(ORDERS * STAGGER_MS + 10 * JOURNAL_TIMEOUT_MS);

    // Recovery: the journal accounts for every applied order its caller did not get.
    if (how === 'SIGKILL') await redis.restart();
    else redis.signal('SIGCONT');
    await client.ping(); // queued commands (late records and settles) have run
    const applied = [...results.keys()].filter((id) => sim.ledger.count(id) > 0);
    expect(applied.length).toBeGreaterThanOrEqual(5);
    expect(sim.ledger.duplicates()).toEqual([]);
    const settleFailed = new Set(journalErrors.filter((e) => e.stage === 'settle').map((e) => e.operationId));
    for (const id of applied) {
      const o = await ex.outcomeOf(id);
      expect(o.state, `${id} was applied and the journal holds nothing`).not.toBe('unknown');
      // its settle failed: still pending, or settled late by a command ioredis queued, and never marked delivered
      if (settleFailed.has(id)) expect(o.state === 'pending' || (o.state === 'settled' && !o.delivered)).toBe(true);
      if (results.get(id)?.ok) continue;
      const accounted = o.state === 'pending' || (o.state === 'settled' && !o.delivered);
      expect(accounted, `${id} was applied, not returned, and the journal says ${JSON.stringify(o)}`).toBe(true);
    }
  });
});
