/**
 * The Lua scripts behind {@link redisJournal}: each call is one atomic script over keys that share one hash
 * slot (the key prefix carries a Redis Cluster hash tag by default).
 *
 * Keys (prefix `P`): `P:entries` hash id → entry JSON (pending and kept operations), `P:order` sorted set of
 * pending ids by createdAt, `P:outcomes` hash id → outcome JSON, `P:settled` sorted set of kept ids by
 * settledAt (expiry), `P:undelivered` sorted set of kept, undelivered ids by settledAt.
 * @module
 */
import { createHash } from 'node:crypto';
import type { LuaScript } from '../limiter/redis-scripts.js';

function lua(keys: number, source: string): LuaScript {
  return { source, keys, sha: createHash('sha1').update(source).digest('hex') };
}

/** The five keys of a journal with prefix `prefix`, in the order every script takes them. */
export interface JournalKeys {
  readonly entries: string;
  readonly order: string;
  readonly outcomes: string;
  readonly settled: string;
  readonly undelivered: string;
}

/**
 * The keys under `prefix`.
 *
 * @example
 * ```ts
 * journalKeys('{resolute:journal}').order; // '{resolute:journal}:order'
 * ```
 */
export function journalKeys(prefix: string): JournalKeys {
  return {
    entries: `${prefix}:entries`,
    order: `${prefix}:order`,
    outcomes: `${prefix}:outcomes`,
    settled: `${prefix}:settled`,
    undelivered: `${prefix}:undelivered`,
  };
}

/** The keys as a script's KEYS array. */
export const keyList = (k: JournalKeys): string[] => [k.entries, k.order, k.outcomes, k.settled, k.undelivered];

/**
 * Records an intent unless the id is pending (a kept outcome of the id is forgotten: a new intent).
 * ARGV: id, entry JSON, createdAt. Returns 1 when recorded, 0 when already pending.
 */
export const RECORD = lua(
  5,
  `if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`,
);

/**
 * Settles a pending id (others are ignored): it leaves the pending order and its outcome is kept, undelivered.
 * Then forgets up to ARGV[5] outcomes settled at or before ARGV[4] (expired).
 * ARGV: id, outcome JSON, settledAt, cutoff, prune limit. Returns 1 when settled, 0 when not pending.
 */
export const SETTLE = lua(
  5,
  `local done = 0
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
  redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
  done = 1
end
local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
for _, id in ipairs(old) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id)
end
return done`,
);

/**
 * Moves the pending entries of the layout used before hash tags (`resolute:journal:entries` / `:order`) into the
 * new keys, then deletes the old ones. KEYS: old entries, old order, new entries, new order. Returns how many moved.
 */
export const MIGRATE = lua(
  4,
  `local ids = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local moved = 0
for i = 1, #ids, 2 do
  local json = redis.call('HGET', KEYS[1], ids[i])
  if json and not redis.call('ZSCORE', KEYS[4], ids[i]) then
    redis.call('HSET', KEYS[3], ids[i], json)
    redis.call('ZADD', KEYS[4], ids[i + 1], ids[i])
    moved = moved + 1
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return moved`,
);
