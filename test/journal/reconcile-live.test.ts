/**
 * reconcilePending never settles `absent` for an operation that may still be live (the protocol model's
 * `reconcile-takes-live-entry` counterexample, made deterministic): the owner has recorded its intent and not yet
 * sent (held in `prepare`); a reconciler verifies it, truly absent at that moment, and must not settle it; the owner
 * then sends, the order is applied, and the journal must say so. Real simulator, real file journal, real
 * redis-server (appendonly) shared by two executors as two processes would share it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  createExecutor,
  DeadlineExceededError,
  type Executor,
  type ExecutorOptions,
  fileJournal,
  lookups,
  profiles,
  redisJournal,
  type RetainingJournal,
  type VerifyHook,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';
import { orderBody } from '../simulator/helpers.js';

let sim: Simulator;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ dialect: 'orderly' });
  dir = mkdtempSync(join(tmpdir(), 'resolute-live-'));
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const lookupsSeen = (): number => sim.arrivals.filter((a) => a.route === 'getOrder').length;
const posts = (): number => sim.arrivals.filter((a) => a.route === 'placeOrder').length;

/**
 * The Orderly lookup taken at its word: "not found" is `absent` at once, as it truly is at that moment. (The ready
 * `lookups.orderly()` waits a settle time itself; this one shows that reconcilePending's own rule suffices.)
 */
const exactLookup: VerifyHook = async (ctx) => {
  const res = await ctx.http.get(`/v1/client/order/${ctx.operationId}`, { validateStatus: () => true });
  const body = res.data as { success?: boolean; code?: number };
  if (body.success === true) return { outcome: 'applied', data: body };
  return body.code === -1006 ? { outcome: 'absent' } : { outcome: 'unknown' };
};

function executor(journal: RetainingJournal, opts: ExecutorOptions = {}): Executor {
  return createExecutor({ http: axios.create({ baseURL: sim.url }), profile: profiles.orderly, journal, verify: exactLookup, ...opts });
}

/** A prepare hook that holds the owner between its recorded intent and its send until `release()`. */
function gate(): { prepare: NonNullable<ExecutorOptions['prepare']>; reached: Promise<void>; release: () => void } {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const open = new Promise<void>((r) => (release = r));
  return {
    reached,
    release,
    prepare: async (config) => {
      reach();
      await open;
      return config;
    },
  };
}

/** Waits (bounded) until the owner's delivery mark is in the journal. */
async function delivered(ex: Executor, id: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await ex.outcomeOf(id).then((o) => o.state === 'settled' && o.delivered))) {
    if (Date.now() > until) throw new Error(`${id} was never marked delivered`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The interleaving: owner records, reconciler runs `reconcile`, owner sends; the journal must say applied. */
async function ownerThenReconciler(owner: Executor, reconcile: () => Promise<unknown>, g: ReturnType<typeof gate>, id: string): Promise<unknown> {
  const placed = owner.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', id) });
  await g.reached; // the intent is durable, nothing sent
  expect(posts()).toBe(0);
  const reports = await reconcile();
  g.release();
  const res = await placed;
  expect(res.status).toBe(200);
  expect(sim.ledger.count(id)).toBe(1);
  expect(await owner.outcomeOf(id)).toMatchObject({ state: 'settled', outcome: 'succeeded' });
  return reports;
}

describe('one process sending and reconciling (fileJournal)', () => {
  test('an operation this executor is still running is left to it: reported unknown, not verified, not settled', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      const g = gate();
      const ex = executor(journal, { prepare: g.prepare });
      const reports = await ownerThenReconciler(ex, () => ex.reconcilePending(), g, 'live-1');
      expect(reports).toEqual([
        { operationId: 'live-1', request: expect.objectContaining({ method: 'POST' }), outcome: 'unknown', source: 'verified', reason: expect.stringMatching(/running in this executor/) },
      ]);
      expect(lookupsSeen()).toBe(0);
      await new Promise((r) => setImmediate(r));
      await journal.pending(); // a barrier: the delivery mark is written
      expect(await ex.reconcilePending()).toEqual([]); // settled by its owner, delivered to its caller
    } finally {
      await journal.close();
    }
  });

  test('once the run is over, the same executor reconciles what it left in doubt', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      sim.inject({ route: 'placeOrder', fault: '504-after' });
      const ex = executor(journal, { verify: () => ({ outcome: 'unknown' }), verifyChecks: 1, verifyDelayMs: 1 });
      await expect(ex.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', 'live-2') })).rejects.toMatchObject({ name: 'IndeterminateError' });
      const reports = await executor(journal).reconcilePending();
      expect(reports).toMatchObject([{ operationId: 'live-2', outcome: 'applied', source: 'verified' }]);
      expect(sim.ledger.count('live-2')).toBe(1);
    } finally {
      await journal.close();
    }
  });
});

describe('absent is settled only after the owner\'s deadline plus settleMs', () => {
  const request = { method: 'POST', url: '/v1/order' };

  test('an entry whose deadline (plus settleMs) has passed is settled absent; a younger one stays pending with checkAgainAt', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      let now = 1_000_000;
      await journal.record({ operationId: 'old', request, createdAt: now - 20_000, deadlineAt: now - 10_001 });
      await journal.record({ operationId: 'young', request, createdAt: now - 5_000, deadlineAt: now + 25_000 });
      const ex = executor(journal, { clock: { now: () => now } });
      expect(await ex.reconcilePending({ settleMs: 10_000 })).toEqual([
        { operationId: 'old', request, outcome: 'absent', source: 'verified' },
        { operationId: 'young', request, outcome: 'unknown', source: 'verified', reason: expect.stringMatching(/owner may still send it until .*settleMs/), checkAgainAt: now + 35_000 },
      ]);
      expect((await journal.pending()).map((e) => e.operationId)).toEqual(['young']);
      now += 35_000;
      expect(await ex.reconcilePending({ settleMs: 10_000 })).toEqual([{ operationId: 'young', request, outcome: 'absent', source: 'verified' }]);
      expect(await journal.pending()).toEqual([]);
      expect(lookupsSeen()).toBe(3);
    } finally {
      await journal.close();
    }
  });

  test('an entry without a recorded deadline (an earlier resolute) counts createdAt plus this executor\'s deadlineMs', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      let now = 1_000_000;
      await journal.record({ operationId: 'legacy', request, createdAt: now });
      const ex = executor(journal, { clock: { now: () => now }, deadlineMs: 30_000 });
      expect(await ex.reconcilePending()).toMatchObject([{ operationId: 'legacy', outcome: 'unknown', checkAgainAt: now + 30_000 + 10_000 }]);
      now += 40_000;
      expect(await ex.reconcilePending()).toMatchObject([{ operationId: 'legacy', outcome: 'absent' }]);
    } finally {
      await journal.close();
    }
  });

  test('the deadline is judged by the clock before the lookup began: a lookup that answers absent after it proves nothing', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      let now = 1_000_000;
      await journal.record({ operationId: 'slow-lookup', request, createdAt: now, deadlineAt: now + 1_000 });
      const ex = executor(journal, {
        clock: { now: () => now },
        verify: () => {
          now += 60_000; // the answer comes long after the owner's deadline plus settleMs; it was read before
          return { outcome: 'absent' };
        },
      });
      expect(await ex.reconcilePending({ settleMs: 10_000 })).toMatchObject([{ operationId: 'slow-lookup', outcome: 'unknown', checkAgainAt: 1_000_000 + 11_000 }]);
      expect(await ex.reconcilePending({ settleMs: 10_000 })).toMatchObject([{ operationId: 'slow-lookup', outcome: 'absent' }]);
    } finally {
      await journal.close();
    }
  });

  test('the verify hook is told how long ago the owner\'s deadline passed (sinceFailureMs): the ready lookups settle on it', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      const now = Date.now();
      await journal.record({ operationId: 'gone', request, createdAt: now - 60_000, deadlineAt: now - 30_000 });
      await journal.record({ operationId: 'fresh', request, createdAt: now, deadlineAt: now + 30_000 });
      const seen: Array<number | undefined> = [];
      const ready = lookups.orderly();
      const ex = executor(journal, { verify: (ctx) => (seen.push(ctx.sinceFailureMs), ready(ctx)) });
      expect(await ex.reconcilePending({ settleMs: 10_000 })).toMatchObject([
        { operationId: 'gone', outcome: 'absent' },
        { operationId: 'fresh', outcome: 'unknown' }, // the lookup itself refuses a not-found so soon after a send
      ]);
      expect(seen[0]).toBeGreaterThanOrEqual(30_000);
      expect(seen[1]).toBe(0);
    } finally {
      await journal.close();
    }
  });

  test('applied is settled at once, however young the entry', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      const now = Date.now();
      await journal.record({ operationId: 'found', request, createdAt: now, deadlineAt: now + 60_000 });
      const ex = executor(journal, { verify: () => ({ outcome: 'applied', data: { id: 1 } }) });
      expect(await ex.reconcilePending()).toEqual([{ operationId: 'found', request, outcome: 'applied', source: 'verified', data: { id: 1 } }]);
      expect(await journal.pending()).toEqual([]);
    } finally {
      await journal.close();
    }
  });

  test('settleMs and a recorded deadlineAt are validated', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      await expect(executor(journal).reconcilePending({ settleMs: -1 })).rejects.toThrow(/option "settleMs" must be a finite number ≥ 0, got -1/);
      await expect(journal.record({ operationId: 'x', request, createdAt: 1, deadlineAt: Number.NaN })).rejects.toThrow(/deadlineAt must be a finite number/);
    } finally {
      await journal.close();
    }
  });

  test('the intent records its deadline; no send leaves after it (a prepare slower than the deadline)', async () => {
    const journal = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
    try {
      let now = 1_000_000;
      let deadlineAt: number | undefined;
      const ex = executor(journal, {
        clock: { now: () => now },
        deadlineMs: 5_000,
        prepare: async (config) => {
          deadlineAt = (await journal.pending())[0]?.deadlineAt;
          now += 5_000; // the hook took the whole budget
          return config;
        },
      });
      const e = await ex.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', 'late') }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(DeadlineExceededError);
      expect((e as Error).message).toMatch(/the deadline passed before the request could be sent/);
      expect(deadlineAt).toBe(1_000_000 + 5_000);
      expect(posts()).toBe(0);
      expect(await ex.outcomeOf('late')).toMatchObject({ state: 'settled', outcome: 'failed' });
    } finally {
      await journal.close();
    }
  });
});

describe.skipIf(!hasRedis)('two executors on one redisJournal (two processes sharing Redis)', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis({ args: ['--appendonly', 'yes'] });
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await stopRedis(redis);
  });
  const shared = (key: string): RetainingJournal => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return redisJournal({ client, key });
  };

  test('a reconciler in another process finds the owner\'s order truly absent before it is sent, and does not settle it', async () => {
    const g = gate();
    const owner = executor(shared('{live-a}'), { prepare: g.prepare, deadlineMs: 30_000 });
    const other = executor(shared('{live-a}'));
    const t0 = Date.now();
    const reports = (await ownerThenReconciler(owner, () => other.reconcilePending(), g, 'live-r1')) as Array<{ checkAgainAt?: number }>;
    expect(reports).toEqual([
      {
        operationId: 'live-r1',
        request: expect.objectContaining({ method: 'POST' }),
        outcome: 'unknown',
        source: 'verified',
        reason: expect.stringMatching(/verified absent, but its owner may still send it/),
        checkAgainAt: expect.any(Number),
      },
    ]);
    expect(reports[0]!.checkAgainAt).toBeGreaterThanOrEqual(t0 + 30_000 + 10_000);
    expect(lookupsSeen()).toBe(1); // it did look, and the order was not there yet
    await delivered(other, 'live-r1'); // the owner's delivery mark, written one macrotask after its caller got it
    expect(await other.reconcilePending()).toEqual([]);
    expect(await other.outcomeOf('live-r1')).toMatchObject({ state: 'settled', outcome: 'succeeded' });
    expect(posts()).toBe(1);
  });

  test('a reconciler in another process settles the owner\'s order applied at once, before the owner ends', async () => {
    const g = gate();
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const owner = executor(shared('{live-b}'), { prepare: g.prepare, verifyDelayMs: 1 });
    const other = executor(shared('{live-b}'));
    const placed = owner.request({ method: 'POST', url: '/v1/order', data: orderBody('orderly', 'live-r2') });
    await g.reached;
    g.release();
    while (sim.ledger.count('live-r2') === 0) await new Promise((r) => setTimeout(r, 2));
    const reports = await other.reconcilePending();
    const res = await placed;
    expect(res.reconciled).toMatchObject({ operationId: 'live-r2' });
    // Either the reconciler saw it pending and verified it applied, or the owner had settled it already: never absent.
    for (const r of reports) expect(r).toMatchObject({ operationId: 'live-r2', outcome: expect.stringMatching(/^(applied|succeeded)$/) });
    expect(await other.outcomeOf('live-r2')).toMatchObject({ state: 'settled', outcome: 'applied' });
    expect(sim.ledger.count('live-r2')).toBe(1);
  });
});
