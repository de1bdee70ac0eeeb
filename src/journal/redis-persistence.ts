/**
 * Is this Redis durable enough to hold a journal? Read with `CONFIG GET`, or `INFO` where `CONFIG` is disabled
 * or renamed (managed services), and decided by a pure function.
 *
 * Durable enough = the append-only file is on (`appendonly yes`) with `appendfsync always` (nothing acknowledged
 * is lost) or `everysec` (the default: Redis writes the AOF before it answers, so a crash of the Redis process
 * loses nothing; a power loss or kernel crash can lose about the last second), and no `allkeys-*` eviction
 * policy (which may evict journal keys under memory pressure). `appendfsync no` (the OS flushes when it likes,
 * typically within 30 s) and RDB snapshots alone are refused. Through `INFO`, `appendfsync` cannot be seen and is
 * assumed to be the default (`everysec`).
 * @module
 */
import type { Redis } from 'ioredis';
import { message } from './file-io.js';

/** What was read of the server's persistence settings. */
export interface PersistenceFacts {
  /** Where the facts come from. */
  readonly source: 'CONFIG' | 'INFO';
  /** `yes` / `no` (from INFO's `aof_enabled`: 1 → yes). */
  readonly appendonly: string | undefined;
  /** `always` / `everysec` / `no`; `undefined` through INFO. */
  readonly appendfsync: string | undefined;
  /** e.g. `noeviction`, `allkeys-lru`. */
  readonly maxmemoryPolicy: string | undefined;
}

/**
 * Why these settings are too volatile for a journal (naming the setting), or `undefined` when they are durable
 * enough.
 *
 * @example
 * ```ts
 * persistenceProblem({ source: 'CONFIG', appendonly: 'no', appendfsync: 'everysec', maxmemoryPolicy: 'noeviction' });
 * // 'appendonly is "no": ...'
 * ```
 */
export function persistenceProblem(f: PersistenceFacts): string | undefined {
  if (f.appendonly !== 'yes') {
    const shown = f.source === 'INFO' ? `aof_enabled is ${f.appendonly === 'no' ? '0' : 'unknown'} (appendonly)` : `appendonly is "${f.appendonly ?? 'unknown'}"`;
    return `${shown}: a restart of Redis loses what the journal holds (RDB snapshots alone lose minutes). Set appendonly yes with appendfsync everysec or always`;
  }
  if (f.appendfsync !== undefined && f.appendfsync !== 'always' && f.appendfsync !== 'everysec') {
    return `appendfsync is "${f.appendfsync}": the OS flushes the append-only file when it likes, and a power loss loses up to about 30 s. Set appendfsync everysec or always`;
  }
  if (f.maxmemoryPolicy !== undefined && f.maxmemoryPolicy.startsWith('allkeys-')) {
    return `maxmemory-policy is "${f.maxmemoryPolicy}": Redis may evict journal keys under memory pressure. Use noeviction or a volatile-* policy`;
  }
  return undefined;
}

function infoField(text: string, field: string): string | undefined {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(text);
  return m?.[1]?.trim();
}

async function configGet(client: Redis, name: string): Promise<string | undefined> {
  const reply = (await client.call('CONFIG', 'GET', name)) as unknown;
  return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
}

/**
 * Reads the persistence settings: `CONFIG GET` first, `INFO persistence` and `INFO memory` when that fails.
 * Throws (naming both failures) when neither answers.
 */
export async function readPersistence(client: Redis): Promise<PersistenceFacts> {
  let configError: unknown;
  try {
    const [appendonly, appendfsync, maxmemoryPolicy] = await Promise.all([
      configGet(client, 'appendonly'),
      configGet(client, 'appendfsync'),
      configGet(client, 'maxmemory-policy'),
    ]);
    if (appendonly !== undefined) return { source: 'CONFIG', appendonly, appendfsync, maxmemoryPolicy };
    configError = new Error('CONFIG GET appendonly returned nothing');
  } catch (err) {
    configError = err;
  }
  try {
    const persistence = await client.info('persistence');
    const memory = await client.info('memory');
    const aof = infoField(persistence, 'aof_enabled');
    const appendonly = aof === '1' ? 'yes' : aof === '0' ? 'no' : undefined;
    return { source: 'INFO', appendonly, appendfsync: undefined, maxmemoryPolicy: infoField(memory, 'maxmemory_policy') };
  } catch (err) {
    throw new Error(`cannot tell whether Redis persists the journal: CONFIG GET failed (${message(configError)}) and INFO failed (${message(err)})`, {
      cause: err,
    });
  }
}
