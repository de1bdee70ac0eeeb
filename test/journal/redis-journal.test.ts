import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisJournal } from '../../src/journal/redis-journal.js';
import type { JournalEntry } from '../../src/journal/types.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

function entry(id: string, createdAt: number, extra: Partial<JournalEntry> = {}): JournalEntry {
  return { operationId: id, request: { method: 'POST', url: '/order', data: { id } }, createdAt, ...extra };
}

const ids = (entries: readonly JournalEntry[]): string[] => entries.map((e) => e.operationId);

describe.skipIf(!hasRedis)('redisJournal', () => {
  let server: RedisServer | undefined;
  const clients: Redis[] = [];

  const client = (): Redis => {
    const c = new Redis(server!.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startRedis({ args: ['--appendonly', 'yes'] });
  });

  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => undefined)));
    await stopRedis(server);
  });

  it('round-trips record, settle and pending; record is idempotent while pending and unknown settles are ignored', async () => {
    const key = 'rt';
    const c = client();
    const j = redisJournal({ client: c, key });
    await j.record(entry('a', 1, { meta: { profile: 'alp' } }));
    await j.record(entry('b', 2));
    await j.record(entry('a', 99, { meta: { other: 'x' } })); // no-op
    await j.settle('nope', 'absent'); // ignored
    expect(await j.pending()).toEqual([entry('a', 1, { meta: { profile: 'alp' } }), entry('b', 2)]);
    await j.settle('a', 'succeeded');
    expect(ids(await j.pending())).toEqual(['b']);
    expect((await c.hkeys(`${key}:entries`)).sort()).toEqual(['a', 'b']); // a's entry is kept with its outcome
    expect(await c.zrange(`${key}:order`, 0, -1)).toEqual(['b']);
    expect(await c.zrange(`${key}:undelivered`, 0, -1)).toEqual(['a']);

    await j.close();
    expect(c.status).toBe('ready'); // close never quits the caller's client
    expect(await c.ping()).toBe('PONG');
    await expect(j.pending()).rejects.toThrow(/closed/);
  });

  it('lists pending entries oldest first by createdAt', async () => {
    const j = redisJournal({ client: client(), key: 'order' });
    await j.record(entry('late', 3_000));
    await j.record(entry('early', 1_000));
    await j.record(entry('middle', 2_000));
    await Promise.all(Array.from({ length: 50 }, (_, i) => j.record(entry(`bulk-${String(i).padStart(2, '0')}`, 5_000 - i))));
    const pending = ids(await j.pending());
    expect(pending.slice(0, 3)).toEqual(['early', 'middle', 'late']);
    expect(pending.slice(3)).toEqual(Array.from({ length: 50 }, (_, i) => `bulk-${String(49 - i).padStart(2, '0')}`));
  });

  it('two clients see the same pending set', async () => {
    const a = redisJournal({ client: client(), key: 'shared' });
    const b = redisJournal({ client: client(), key: 'shared' });
    await Promise.all([a.record(entry('from-a', 1)), b.record(entry('from-b', 2)), a.record(entry('both', 3)), b.record(entry('both', 3))]);
    expect(ids(await a.pending())).toEqual(['from-a', 'from-b', 'both']);
    expect(await b.pending()).toEqual(await a.pending());
    await b.settle('from-a', 'applied');
    expect(ids(await a.pending())).toEqual(['from-b', 'both']);
  });

  it('uses the default key, whose parts share a Redis Cluster hash tag, and skips an entry whose JSON does not parse', async () => {
    const c = client();
    const j = redisJournal({ client: c });
    expect(Object.values(j.keys).every((k) => k.startsWith('{resolute:journal}:'))).toBe(true);
    await j.record(entry('ok', 1));
    await c.multi().hset('{resolute:journal}:entries', 'bad', '{not json').zadd('{resolute:journal}:order', 0, 'bad').exec();
    expect(ids(await j.pending())).toEqual(['ok']);
    await c.del(...Object.values(j.keys));
  });

  it('validates options and arguments with TypeErrors', async () => {
    expect(() => redisJournal({ client: undefined as never })).toThrow(/client/);
    expect(() => redisJournal({ client: client(), key: '' })).toThrow(/`key`.*""/);
    expect(() => redisJournal({ client: client(), retentionMs: -5 })).toThrow(/retentionMs.*-5/);
    expect(() => redisJournal({ client: client(), durability: 'maybe' as never })).toThrow(/durability.*"maybe"/);
    const j = redisJournal({ client: client(), key: 'v' });
    await expect(j.record({ ...entry('a', 1), operationId: '' })).rejects.toThrow(TypeError);
    await expect(j.settle('a', 'nah' as never)).rejects.toThrow(/outcome/);
    await expect(j.settle('a', 'succeeded', { response: { status: 200, data: 1n } })).rejects.toThrow(/JSON/);
  });

  it('keeps a settled outcome, undelivered, with its details; deliver marks it; another client sees the same', async () => {
    let now = 5_000;
    const c = client();
    const j = redisJournal({ client: c, key: 'kept', clock: { now: () => now } });
    await j.record(entry('a', 1));
    await j.record(entry('b', 2));
    expect(await j.lookup('a')).toEqual({ state: 'pending', entry: entry('a', 1) });
    now = 6_000;
    await j.settle('a', 'succeeded', { response: { status: 201, data: { orderId: 7 } } });
    await j.settle('b', 'failed', { error: { name: 'PermanentError', message: 'no funds' } });
    await j.settle('b', 'succeeded'); // not pending any more: ignored
    const a = { ...entry('a', 1), outcome: 'succeeded', settledAt: 6_000, delivered: false, details: { response: { status: 201, data: { orderId: 7 } } } };
    expect(await j.lookup('a')).toEqual({ state: 'settled', entry: a });
    expect(ids(await j.undelivered())).toEqual(['a', 'b']);
    await j.deliver('a');
    await j.deliver('ghost'); // ignored
    const other = redisJournal({ client: client(), key: 'kept', clock: { now: () => now } });
    expect(await other.lookup('a')).toEqual({ state: 'settled', entry: { ...a, delivered: true } });
    expect(await other.undelivered()).toEqual([
      { ...entry('b', 2), outcome: 'failed', settledAt: 6_000, delivered: false, details: { error: { name: 'PermanentError', message: 'no funds' } } },
    ]);
    expect(await other.lookup('never')).toBeUndefined();
    expect(await other.pending()).toEqual([]);
  });

  it('recording a settled id starts a new intent and forgets the old outcome', async () => {
    const j = redisJournal({ client: client(), key: 'rerecord' });
    await j.record(entry('a', 1));
    await j.settle('a', 'absent');
    await j.record(entry('a', 2));
    expect(await j.lookup('a')).toEqual({ state: 'pending', entry: entry('a', 2) });
    expect(await j.undelivered()).toEqual([]);
  });

  it('forgets outcomes after retentionMs; later settles remove their keys', async () => {
    let now = 10_000;
    const c = client();
    const j = redisJournal({ client: c, key: 'expiry', retentionMs: 1_000, clock: { now: () => now } });
    await j.record(entry('old', 1));
    await j.settle('old', 'succeeded');
    now += 600;
    await j.record(entry('new', 2));
    await j.settle('new', 'succeeded');
    now += 500; // old: 1,100 ms ago
    expect(await j.lookup('old')).toBeUndefined();
    expect(ids(await j.undelivered())).toEqual(['new']);
    expect(await c.hexists('expiry:outcomes', 'old')).toBe(1); // still there until a settle prunes it
    await j.record(entry('next', 3));
    await j.settle('next', 'failed');
    expect(await c.hexists('expiry:outcomes', 'old')).toBe(0);
    expect(await c.hexists('expiry:entries', 'old')).toBe(0);
    expect(await c.zrange('expiry:settled', 0, -1)).toEqual(['new', 'next']);
  });

  it('moves pending entries of the old default keys (before the hash tag) at first use', async () => {
    const c = client();
    const old = entry('legacy', 7);
    await c.multi().hset('resolute:journal:entries', 'legacy', JSON.stringify(old)).zadd('resolute:journal:order', 7, 'legacy').exec();
    const j = redisJournal({ client: c });
    expect(await j.pending()).toEqual([old]);
    expect(await c.exists('resolute:journal:entries', 'resolute:journal:order')).toBe(0);
    await j.settle('legacy', 'absent');
    expect((await j.lookup('legacy'))?.state).toBe('settled');
    await c.del(...Object.values(j.keys));
  });

  it('reads pending entries a custom key held before outcomes were kept (same key names)', async () => {
    const c = client();
    const old = entry('before', 3);
    await c.multi().hset('custom:entries', 'before', JSON.stringify(old)).zadd('custom:order', 3, 'before').exec();
    const j = redisJournal({ client: c, key: 'custom' });
    expect(await j.pending()).toEqual([old]);
    await j.settle('before', 'applied');
    expect(ids(await j.undelivered())).toEqual(['before']);
  });
});
