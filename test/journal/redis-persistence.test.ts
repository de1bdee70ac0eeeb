/**
 * redisJournal refuses a Redis that could lose the journal (checked at first use, with CONFIG GET or, where CONFIG
 * is renamed away, INFO), unless `durability: 'volatile'`; and it works on a (one-node) Redis Cluster thanks to the
 * hash tag in its default keys. Real redis-servers, one per configuration.
 */
import { spawnSync } from 'node:child_process';
import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisJournal } from '../../src/journal/redis-journal.js';
import { persistenceProblem } from '../../src/journal/redis-persistence.js';
import type { JournalEntry } from '../../src/journal/types.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

const servers: RedisServer[] = [];
const clients: Array<Redis | Cluster> = [];

async function server(...args: string[]): Promise<{ c: Redis; srv: RedisServer }> {
  const srv = await startRedis({ args });
  servers.push(srv);
  const c = new Redis(srv.url, { maxRetriesPerRequest: 1 });
  clients.push(c);
  return { c, srv };
}

const entry = (id: string): JournalEntry => ({ operationId: id, request: { method: 'POST', url: '/order' }, createdAt: 1 });

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => stopRedis(s)));
});

describe('persistenceProblem', () => {
  it.each([
    [{ appendonly: 'yes', appendfsync: 'everysec', maxmemoryPolicy: 'noeviction' }, undefined],
    [{ appendonly: 'yes', appendfsync: 'always', maxmemoryPolicy: 'volatile-lru' }, undefined],
    [{ appendonly: 'no', appendfsync: 'everysec', maxmemoryPolicy: 'noeviction' }, /appendonly is "no"/],
    [{ appendonly: 'yes', appendfsync: 'no', maxmemoryPolicy: 'noeviction' }, /appendfsync is "no"/],
    [{ appendonly: 'yes', appendfsync: 'everysec', maxmemoryPolicy: 'allkeys-lru' }, /maxmemory-policy is "allkeys-lru"/],
  ] as const)('CONFIG %j → %s', (facts, expected) => {
    const problem = persistenceProblem({ source: 'CONFIG', ...facts });
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it('through INFO, appendfsync is unknown and assumed the default; aof_enabled 0 is named', () => {
    expect(persistenceProblem({ source: 'INFO', appendonly: 'yes', appendfsync: undefined, maxmemoryPolicy: 'noeviction' })).toBeUndefined();
    expect(persistenceProblem({ source: 'INFO', appendonly: 'no', appendfsync: undefined, maxmemoryPolicy: undefined })).toMatch(/aof_enabled is 0/);
  });
});

describe.skipIf(!hasRedis)('redisJournal: persistence check', () => {
  it('refuses a default redis-server (no AOF), writing nothing, unless durability is volatile; checks again after a fix', async () => {
    const { c } = await server();
    const j = redisJournal({ client: c });
    await expect(j.record(entry('a'))).rejects.toThrow(/refuses this Redis: appendonly is "no".*durability: 'volatile'/);
    await expect(j.open()).rejects.toThrow(/appendonly/);
    expect(await c.dbsize()).toBe(0);

    await redisJournal({ client: c, durability: 'volatile' }).record(entry('b'));
    expect(await c.dbsize()).toBeGreaterThan(0);

    await c.config('SET', 'appendonly', 'yes'); // fixed while running: the next call checks again and passes
    await j.record(entry('c'));
    expect((await j.lookup('c'))?.state).toBe('pending');
  });

  it('refuses appendfsync no and an allkeys eviction policy, naming the setting; accepts appendfsync always', async () => {
    const { c: noFsync } = await server('--appendonly', 'yes', '--appendfsync', 'no');
    await expect(redisJournal({ client: noFsync }).open()).rejects.toThrow(/appendfsync is "no"/);
    const { c: lru } = await server('--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru');
    await expect(redisJournal({ client: lru }).open()).rejects.toThrow(/maxmemory-policy is "allkeys-lru"/);
    const { c: always } = await server('--appendonly', 'yes', '--appendfsync', 'always');
    await redisJournal({ client: always }).open();
  });

  it('falls back to INFO where CONFIG is renamed away', async () => {
    const { c: off } = await server('--rename-command', 'CONFIG', '');
    await expect(off.config('GET', 'appendonly')).rejects.toThrow(/unknown command/);
    await expect(redisJournal({ client: off }).open()).rejects.toThrow(/aof_enabled is 0 \(appendonly\)/);
    const { c: on } = await server('--rename-command', 'CONFIG', '', '--appendonly', 'yes');
    const j = redisJournal({ client: on });
    await j.record(entry('a'));
    expect((await j.lookup('a'))?.state).toBe('pending');
  });
});

describe.skipIf(!hasRedis)('redisJournal on a Redis Cluster', () => {
  it('runs every call with the default keys (one hash slot); a custom key without a tag is refused at once (its keys would meet CROSSSLOT)', async () => {
    const { srv } = await server('--appendonly', 'yes', '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-announce-ip', '127.0.0.1');
    const slots = spawnSync('redis-cli', ['-p', String(srv.port), 'cluster', 'addslotsrange', '0', '16383'], { encoding: 'utf8' });
    expect(slots.stdout.trim()).toBe('OK');
    for (let i = 0; i < 200; i++) {
      const info = spawnSync('redis-cli', ['-p', String(srv.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
      if (info.includes('cluster_state:ok')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const cluster = new Cluster([{ host: '127.0.0.1', port: srv.port }], { redisOptions: { maxRetriesPerRequest: 1 } });
    clients.push(cluster);
    const j = redisJournal({ client: cluster });
    await j.record(entry('a'));
    await j.record(entry('b'));
    await j.settle('a', 'succeeded', { response: { status: 200, data: { ok: true } } });
    await j.deliver('a');
    expect((await j.lookup('a'))?.entry).toMatchObject({ outcome: 'succeeded', delivered: true });
    expect((await j.pending()).map((e) => e.operationId)).toEqual(['b']);
    await j.settle('b', 'failed');
    expect((await j.undelivered()).map((e) => e.operationId)).toEqual(['b']);

    expect(() => redisJournal({ client: cluster, key: 'bot:journal' })).toThrow(TypeError);
  });
});
