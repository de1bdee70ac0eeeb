/**
 * A soak worker: a process the driver SIGKILLs at random moments. It opens the journal (taking over the lock of the
 * process killed before it), reports what the previous processes left (`reconcilePending`, then `outcomeOf` for the
 * ids the application has no result for), then places orders with several concurrent callers until it is killed.
 * Mode `reconciler` (a second process sharing a Redis journal) only reconciles, in a loop; mode `final` reconciles
 * until nothing it can settle is left, then exits. Every line it prints is in `lines.ts`.
 *
 * Configuration: the JSON in `SOAK_WORKER` ({@link WorkerConfig}).
 */
import { readFileSync } from 'node:fs';
import axios from 'axios';
import { Redis } from 'ioredis';
import { createExecutor, fileJournal, lookups, profiles, redisJournal, type Journal } from '../../src/index.js';
import { say } from './lines.js';

/** What the driver tells a worker. */
export interface WorkerConfig {
  readonly mode: 'worker' | 'reconciler' | 'final';
  /** The simulator's base URL. */
  readonly url: string;
  readonly journal: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'redis'; readonly url: string; readonly key: string };
  /** Prefix of this process's operation ids (unique per run). */
  readonly tag: string;
  /** Concurrent callers placing orders. */
  readonly callers: number;
  /** Each order's deadline (ms). */
  readonly deadlineMs: number;
  /** `reconcilePending`'s settleMs. */
  readonly settleMs: number;
  /** A file with the ids (JSON array) the application holds no result for: asked with outcomeOf at start. */
  readonly openIdsFile: string;
}

/**
 * The lookup's settle time: a "not found" is absent only this long after the ambiguous failure (DESIGN §6). The
 * simulator is on loopback and applies an order as it reads it, so half a second covers a late landing.
 */
const LOOKUP_SETTLE_MS = 500;

const cfg = JSON.parse(process.env.SOAK_WORKER ?? '{}') as WorkerConfig;

function openJournal(): Journal {
  if (cfg.journal.kind === 'file') return fileJournal(cfg.journal.path);
  return redisJournal({ client: new Redis(cfg.journal.url, { maxRetriesPerRequest: 2 }), key: cfg.journal.key });
}

const journal = openJournal();
try {
  await journal.pending(); // opens it: takes over a dead process's lock, checks Redis persistence
} catch (e) {
  say({ kind: 'refused', message: e instanceof Error ? e.message : String(e) });
  process.exit(3);
}
say({ kind: 'ready', pid: process.pid });

const executor = createExecutor({
  http: axios.create({ baseURL: cfg.url, timeout: 1_000 }),
  profile: profiles.orderly,
  journal,
  verify: lookups.orderly({ settleMs: LOOKUP_SETTLE_MS, timeoutMs: 1_000 }),
  verifyDelayMs: 50,
  verifyChecks: 4, // checks 50, 150, 350, 750 ms after the failure: the last may prove absent

  maxAttempts: 4,
  deadlineMs: cfg.deadlineMs,
  limiter: false,
});

async function reconcile(): Promise<void> {
  for (const r of await executor.reconcilePending({ settleMs: cfg.settleMs, timeoutMs: 2_000 })) {
    say({ kind: 'report', id: r.operationId, outcome: r.outcome, source: r.source });
  }
}

async function askOpenIds(): Promise<void> {
  const ids = JSON.parse(readFileSync(cfg.openIdsFile, 'utf8')) as string[];
  for (const id of ids) {
    const o = await executor.outcomeOf(id);
    say({ kind: 'outcome', id, state: o.state, outcome: o.state === 'settled' ? o.outcome : '-' });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function caller(c: number): Promise<never> {
  for (let k = 0; ; k++) {
    const id = `${cfg.tag}-c${c}-${k}`;
    say({ kind: 'intent', id });
    try {
      const res = await executor.request({
        method: 'POST',
        url: '/v1/order',
        data: { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: 65000, order_quantity: 0.01 },
        resolute: { operationId: id },
      });
      say({ kind: 'result', id, outcome: res.status >= 200 && res.status < 300 ? 'ok' : `status-${res.status}` });
    } catch (e) {
      say({ kind: 'result', id, outcome: e instanceof Error ? e.name : 'thrown' });
    }
    await sleep(Math.floor(Math.random() * 20));
  }
}

if (cfg.mode === 'final') {
  await askOpenIds();
  let left = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 6 && left > 0; pass++) {
    await reconcile();
    left = (await journal.pending()).length;
    if (left > 0) await sleep(300);
  }
  await askOpenIds(); // what the application now learns for every id it had no result for
  await sleep(50); // the delivery marks
  await journal.close();
  say({ kind: 'done', pending: left });
  process.exit(0);
}
if (cfg.mode === 'reconciler') {
  for (;;) {
    await reconcile();
    await sleep(100);
  }
}
await reconcile();
await askOpenIds();
say({ kind: 'reconciled' });
await Promise.all(Array.from({ length: cfg.callers }, (_, c) => caller(c)));
