/**
 * A {@link Journal} in Redis, shared by many processes.
 * @module
 */
import type { Redis } from 'ioredis';
import { entryProblem, isSettledOutcome } from './journal-lines.js';
import type { Journal, JournalEntry, SettledOutcome } from './types.js';
import { message } from './file-io.js';
import { showValue } from '../show.js';

/** Options of {@link redisJournal}. */
export interface RedisJournalOptions {
  /** The caller's ioredis client. The journal never quits or disconnects it. */
  readonly client: Redis;
  /**
   * The key prefix: entries live in the hash `${key}:entries` (operationId → JSON entry) and their order in the
   * sorted set `${key}:order` (score = createdAt).
   * @default 'resolute:journal'
   */
  readonly key?: string | undefined;
}

/** How many ids one HMGET asks for in `pending()`. */
const HMGET_CHUNK = 1_000;

type ExecResult = [error: Error | null, result: unknown][] | null;

function checkExec(res: ExecResult, what: string): void {
  if (res === null) throw new Error(`${what}: the MULTI transaction was discarded`);
  for (const [err] of res) if (err) throw new Error(`${what}: ${err.message}`, { cause: err });
}

/**
 * A journal in Redis for many processes: a hash `${key}:entries` (operationId → JSON entry) plus a sorted set
 * `${key}:order` scored by `createdAt`, both updated in one MULTI/EXEC transaction.
 *
 * - `record` is idempotent (HSETNX + ZADD NX): recording an existing id changes nothing.
 * - `settle` removes the entry (HDEL + ZREM); unknown ids are ignored.
 * - `pending()` lists entries by `createdAt`, ties by operationId; an entry whose JSON does not parse is skipped.
 * - `close()` only stops this journal: the client stays connected (it is the caller's).
 *
 * Durability is that of the Redis server's persistence settings (e.g. `appendfsync always` for no loss).
 * With Redis Cluster, put a hash tag in `key` (e.g. `'{resolute}:journal'`) so both keys share a slot.
 *
 * @throws TypeError on a missing client or a bad key (naming the option and the value).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client = new Redis('redis://127.0.0.1:6379');
 * const journal = redisJournal({ client, key: 'bot:journal' });
 * await journal.record({ operationId: 'op-1', request: { method: 'POST', url: '/order' }, createdAt: Date.now() });
 * await journal.settle('op-1', 'succeeded');
 * await journal.close(); // client still open
 * ```
 */
export function redisJournal(opts: RedisJournalOptions): Journal {
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`redisJournal: options must be an object, got ${showValue(opts)}`);
  }
  const { client } = opts;
  if (typeof client !== 'object' || client === null || typeof client.multi !== 'function' || typeof client.zrange !== 'function') {
    throw new TypeError(`redisJournal: option \`client\` must be an ioredis client, got ${showValue(client)}`);
  }
  const key = opts.key ?? 'resolute:journal';
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(`redisJournal: option \`key\` must be a non-empty string, got ${showValue(key)}`);
  }
  const entriesKey = `${key}:entries`;
  const orderKey = `${key}:order`;
  let closed = false;

  const ensureOpen = (op: string): void => {
    if (closed) throw new Error(`redisJournal(${key}).${op}: the journal is closed`);
  };

  return {
    async record(entry: JournalEntry): Promise<void> {
      const problem = entryProblem(entry);
      if (problem !== undefined) throw new TypeError(`redisJournal(${key}).record: ${problem}`);
      let json: string;
      try {
        json = JSON.stringify(entry);
      } catch (err) {
        throw new TypeError(`redisJournal(${key}).record: entry ${entry.operationId} is not JSON-serializable: ${message(err)}`, {
          cause: err,
        });
      }
      ensureOpen('record');
      const id = entry.operationId;
      const res = await client.multi().hsetnx(entriesKey, id, json).zadd(orderKey, 'NX', entry.createdAt, id).exec();
      checkExec(res, `redisJournal(${key}).record(${id})`);
    },

    async settle(operationId: string, outcome: SettledOutcome): Promise<void> {
      if (typeof operationId !== 'string') {
        throw new TypeError(`redisJournal(${key}).settle: operationId must be a string, got ${showValue(operationId)}`);
      }
      if (!isSettledOutcome(outcome)) {
        throw new TypeError(`redisJournal(${key}).settle: outcome must be one of succeeded, applied, absent, failed; got ${showValue(outcome)}`);
      }
      ensureOpen('settle');
      const res = await client.multi().hdel(entriesKey, operationId).zrem(orderKey, operationId).exec();
      checkExec(res, `redisJournal(${key}).settle(${operationId})`);
    },

    async pending(): Promise<JournalEntry[]> {
      ensureOpen('pending');
      const ids = await client.zrange(orderKey, 0, -1);
      const out: JournalEntry[] = [];
      for (let i = 0; i < ids.length; i += HMGET_CHUNK) {
        const chunk = ids.slice(i, i + HMGET_CHUNK);
        const values = await client.hmget(entriesKey, ...chunk);
        for (const raw of values) {
          if (raw === null) continue; // settled between ZRANGE and HMGET
          let entry: unknown;
          try {
            entry = JSON.parse(raw);
          } catch {
            continue;
          }
          if (entryProblem(entry) === undefined) out.push(entry as JournalEntry);
        }
      }
      return out;
    },

    close(): Promise<void> {
      closed = true;
      return Promise.resolve();
    },
  };
}
