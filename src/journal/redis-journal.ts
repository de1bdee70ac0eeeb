/**
 * A {@link Journal} in Redis, shared by many processes.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import { runScript } from '../limiter/redis-scripts.js';
import { showValue } from '../show.js';
import { systemClock, type Clock } from '../time.js';
import { message } from './file-io.js';
import { entryProblem, isSettledOutcome } from './journal-lines.js';
import { RedisJournalReader } from './redis-journal-read.js';
import { journalKeys, keyList, MIGRATE, RECORD, SETTLE, type JournalKeys } from './redis-journal-scripts.js';
import { persistenceProblem, readPersistence } from './redis-persistence.js';
import { DEFAULT_RETENTION_MS, type JournalEntry, type OutcomeDetails, type RetainingJournal, type SettledOutcome } from './types.js';

/** Options of {@link redisJournal}. */
export interface RedisJournalOptions {
  /**
   * The caller's ioredis client, or an ioredis `Cluster` (the key prefix must then carry a hash tag, as the default
   * does; the persistence check asks every master). The journal never quits or disconnects it.
   */
  readonly client: Redis | Cluster;
  /**
   * The key prefix. The default carries a Redis Cluster hash tag, so every key of the journal is in one slot;
   * give yours one too on a cluster (e.g. `'{bot}:journal'`).
   * @default '{resolute:journal}'
   */
  readonly key?: string | undefined;
  /**
   * How long settled outcomes are kept for `lookup` and `undelivered`, in ms. Expired ones are removed a few at a
   * time by later settles.
   * @default 86_400_000 (24 h)
   */
  readonly retentionMs?: number | undefined;
  /**
   * `'durable'`: at first use, refuse (every call rejects, naming the setting) a Redis that could lose the journal:
   * no append-only file, `appendfsync no`, or an `allkeys-*` eviction policy. `'volatile'`: accept any Redis (you
   * accept that a Redis restart may forget operations in doubt).
   * @default 'durable'
   */
  readonly durability?: 'durable' | 'volatile' | undefined;
  /**
   * The clock stamped on settled outcomes, and against which retention expires.
   * @default systemClock
   */
  readonly clock?: Clock | undefined;
}

/** A {@link RetainingJournal} in Redis, as returned by {@link redisJournal}. */
export interface RedisJournal extends RetainingJournal {
  /** The keys it uses. */
  readonly keys: JournalKeys;
  /**
   * Runs the start-up checks now (persistence, unless `durability: 'volatile'`; moving entries of the old default
   * keys) instead of at first use. Resolves once they pass; retried by the next call after a failure.
   */
  open(): Promise<void>;
}

const DEFAULT_KEY = '{resolute:journal}';
/** ioredis marks its Cluster client with `isCluster: true`. */
const isCluster = (client: Redis | Cluster): client is Cluster => (client as { isCluster?: unknown }).isCluster === true;
/** The default keys before they carried a hash tag. */
const LEGACY_DEFAULT_KEY = 'resolute:journal';
/** Expired outcomes removed per settle, at most. */
const PRUNE_PER_SETTLE = 100;

/**
 * A journal in Redis for many processes, with the same contract as {@link fileJournal}: each call is one atomic
 * Lua script over keys that share a hash slot.
 *
 * - `record` is idempotent while the id is pending; `settle` of a pending id keeps its outcome (undelivered) for
 *   `retentionMs`; ids not pending are ignored. `deliver`, `lookup`, `undelivered` as in {@link Journal}.
 * - `pending()` lists entries by `createdAt`, ties by operationId; an entry whose JSON does not parse is skipped.
 * - At first use it checks that Redis persists (see `durability`), and moves the pending entries of the old
 *   default keys (`resolute:journal:entries`/`:order`, before the hash tag) to the new ones. A custom `key` keeps
 *   its key names: pending entries written by older versions are read as they are.
 * - `close()` only stops this journal: the client stays connected (it is the caller's).
 *
 * Calls wait as long as the client does (ioredis queues commands while reconnecting): the executor bounds each
 * call (`journalTimeoutMs`); bound them yourself when calling directly.
 *
 * @throws TypeError on a missing client or a bad option (naming the option and the value).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client = new Redis('redis://127.0.0.1:6379'); // appendonly yes
 * const journal = redisJournal({ client });
 * await journal.record({ operationId: 'op-1', request: { method: 'POST', url: '/order' }, createdAt: Date.now() });
 * await journal.settle('op-1', 'succeeded', { response: { status: 200, data: { id: 7 } } });
 * await journal.lookup('op-1'); // { state: 'settled', entry: { outcome: 'succeeded', delivered: false, ... } }
 * await journal.close(); // client still open
 * ```
 */
export function redisJournal(opts: RedisJournalOptions): RedisJournal {
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`redisJournal: options must be an object, got ${showValue(opts)}`);
  const { client } = opts;
  if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function' || typeof client.zrange !== 'function') {
    throw new TypeError(`redisJournal: option \`client\` must be an ioredis client, got ${showValue(client)}`);
  }
  const key = opts.key ?? DEFAULT_KEY;
  if (typeof key !== 'string' || key === '') throw new TypeError(`redisJournal: option \`key\` must be a non-empty string, got ${showValue(key)}`);
  if (isCluster(client) && !/\{[^}]+\}/.test(key)) {
    throw new TypeError(`redisJournal: option \`key\` must carry a hash tag on a Redis Cluster (e.g. '{bot}:journal'), so that its keys share a slot; got ${showValue(key)}`);
  }
  const retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
  if (typeof retentionMs !== 'number' || !Number.isFinite(retentionMs) || retentionMs < 0) {
    throw new TypeError(`redisJournal: option \`retentionMs\` must be a finite number ≥ 0 (ms), got ${showValue(retentionMs)}`);
  }
  const durability = opts.durability ?? 'durable';
  if (durability !== 'durable' && durability !== 'volatile') {
    throw new TypeError(`redisJournal: option \`durability\` must be "durable" or "volatile", got ${showValue(durability)}`);
  }
  const clock = opts.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new TypeError(`redisJournal: option \`clock\` must be an object with a now() method, got ${showValue(clock)}`);
  }

  const keys = journalKeys(key);
  const name = `redisJournal(${key})`;
  const cutoff = (): number => clock.now() - retentionMs;
  const reader = new RedisJournalReader(client, keys, cutoff);
  let closed = false;
  let ready: Promise<void> | undefined;

  const startUp = async (): Promise<void> => {
    if (durability === 'durable') {
      // On a cluster the journal's slot may move to any master (failover, resharding): every master must persist.
      const nodes = isCluster(client) ? client.nodes('master') : [client];
      for (const node of nodes) {
        const problem = persistenceProblem(await readPersistence(node));
        const where = nodes.length > 1 ? ` (cluster node ${node.options.host ?? '?'}:${node.options.port ?? '?'})` : '';
        if (problem !== undefined) throw new Error(`${name} refuses this Redis${where}: ${problem}, or pass durability: 'volatile' to accept the risk.`);
      }
    }
    // The old default keys had no hash tag, so they never worked on a cluster: nothing to move there.
    if (key === DEFAULT_KEY && !isCluster(client) && (await client.exists(`${LEGACY_DEFAULT_KEY}:order`)) === 1) {
      const old = journalKeys(LEGACY_DEFAULT_KEY);
      await runScript(client, MIGRATE, [old.entries, old.order, keys.entries, keys.order], []);
    }
  };
  const open = (op: string): Promise<void> => {
    if (closed) return Promise.reject(new Error(`${name}.${op}: the journal is closed`));
    ready ??= startUp().catch((err: unknown) => {
      ready = undefined; // the next call checks again (Redis may have been down, or reconfigured)
      throw err instanceof Error && err.message.startsWith(name) ? err : new Error(`${name}: start-up check failed: ${message(err)}`, { cause: err });
    });
    return ready;
  };
  const checkId = (op: string, id: unknown): void => {
    if (typeof id !== 'string') throw new TypeError(`${name}.${op}: operationId must be a string, got ${showValue(id)}`);
  };

  return {
    keys,
    open: () => open('open'),

    async record(entry: JournalEntry): Promise<void> {
      const problem = entryProblem(entry);
      if (problem !== undefined) throw new TypeError(`${name}.record: ${problem}`);
      let json: string;
      try {
        json = JSON.stringify(entry);
      } catch (err) {
        throw new TypeError(`${name}.record: entry ${entry.operationId} is not JSON-serializable: ${message(err)}`, { cause: err });
      }
      await open('record');
      await runScript(client, RECORD, keyList(keys), [entry.operationId, json, entry.createdAt]);
    },

    async settle(operationId: string, outcome: SettledOutcome, details?: OutcomeDetails): Promise<void> {
      checkId('settle', operationId);
      if (!isSettledOutcome(outcome)) throw new TypeError(`${name}.settle: outcome must be one of succeeded, applied, absent, failed; got ${showValue(outcome)}`);
      const at = clock.now();
      let json: string;
      try {
        json = JSON.stringify(details === undefined ? { outcome, at } : { outcome, at, details });
      } catch (err) {
        throw new TypeError(`${name}.settle: details of ${operationId} are not JSON-serializable: ${message(err)}`, { cause: err });
      }
      await open('settle');
      await runScript(client, SETTLE, keyList(keys), [operationId, json, at, cutoff(), PRUNE_PER_SETTLE]);
    },

    async deliver(operationId: string): Promise<void> {
      checkId('deliver', operationId);
      await open('deliver');
      await client.zrem(keys.undelivered, operationId);
    },

    async pending() {
      await open('pending');
      return reader.pending();
    },

    async lookup(operationId: string) {
      checkId('lookup', operationId);
      await open('lookup');
      return reader.lookup(operationId);
    },

    async undelivered() {
      await open('undelivered');
      return reader.undelivered();
    },

    async close(): Promise<void> {
      await new Promise<void>((resolve) => setImmediate(resolve)); // as fileJournal: delivery marks just scheduled go first
      closed = true;
    },
  };
}
