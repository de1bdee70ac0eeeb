/**
 * Crash point "settled, not yet returned": a child process places an order and is SIGKILLed right after the
 * journal durably settled it. The next process learns the applied order from outcomeOf and reconcilePending.
 * Real simulator, real child processes, a real file journal and a real redis-server (itself SIGKILLed and
 * restarted in between, with appendonly yes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createExecutor, fileJournal, lookups, profiles, redisJournal, type RetainingJournal } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/crash-after-settle.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let sim: Simulator;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'resolute-crash-'));
  sim = await startSimulator({ dialect: 'orderly' });
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the fixture to its SIGKILL; returns its stdout. */
async function crashAfterSettle(kind: 'file' | 'redis', target: string, id: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, sim.url, kind, target, id], { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, s) => r(s)));
  expect(signal).toBe('SIGKILL');
  return out;
}

async function learnsTheOrder(journal: RetainingJournal, id: string): Promise<void> {
  const ex = createExecutor({ http: axios.create({ baseURL: sim.url }), profile: profiles.orderly, journal, verify: lookups.orderly() });
  const before = await ex.outcomeOf(id);
  expect(before).toMatchObject({ state: 'settled', outcome: 'succeeded', delivered: false, response: { status: 200, data: { success: true, data: { client_order_id: id } } } });
  const reports = await ex.reconcilePending();
  expect(reports).toMatchObject([{ operationId: id, outcome: 'succeeded', source: 'undelivered', response: { status: 200 } }]);
  await new Promise((r) => setImmediate(r));
  await journal.pending(); // a barrier: the delivery mark is written
  expect(await ex.outcomeOf(id)).toMatchObject({ state: 'settled', delivered: true });
  expect(await ex.reconcilePending()).toEqual([]);
  expect(sim.ledger.count(id)).toBe(1);
  expect(sim.arrivals.filter((a) => a.route === 'placeOrder')).toHaveLength(1); // nothing resent
}

test('fileJournal: the next process reports the applied order as undelivered, once', async () => {
  const path = join(dir, 'orders.jsonl');
  const out = await crashAfterSettle('file', path, 'crash-f1');
  expect(out).toBe('settled crash-f1\n');
  expect(sim.ledger.count('crash-f1')).toBe(1);
  const journal = fileJournal(path); // takes over the dead process's lock
  try {
    await learnsTheOrder(journal, 'crash-f1');
  } finally {
    await journal.close();
  }
});

describe.skipIf(!hasRedis)('redisJournal', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis({ args: ['--appendonly', 'yes'] });
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    client.disconnect();
    await stopRedis(redis);
  });

  test('the next process reports the applied order as undelivered, after Redis itself was SIGKILLed and restarted', async () => {
    const out = await crashAfterSettle('redis', redis.url, 'crash-r1');
    expect(out).toBe('settled crash-r1\n');
    await redis.stop('SIGKILL');
    await redis.restart();
    await learnsTheOrder(redisJournal({ client }), 'crash-r1');
  });
});
