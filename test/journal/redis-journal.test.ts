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
    server = await startRedis();
  });

  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => undefined)));
    await stopRedis(server);
  });

  it('round-trips record, settle and pending; record is idempotent and unknown settles are ignored', async () => {
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
    expect(await c.hkeys(`${key}:entries`)).toEqual(['b']);
    expect(await c.zrange(`${key}:order`, 0, -1)).toEqual(['b']);

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

  it('uses the default key and skips an entry whose JSON does not parse', async () => {
    const c = client();
    const j = redisJournal({ client: c });
    await j.record(entry('ok', 1));
    await c.multi().hset('resolute:journal:entries', 'bad', '{not json').zadd('resolute:journal:order', 0, 'bad').exec();
    expect(ids(await j.pending())).toEqual(['ok']);
  });

  it('validates options and arguments with TypeErrors', async () => {
    expect(() => redisJournal({ client: undefined as never })).toThrow(/client/);
    expect(() => redisJournal({ client: client(), key: '' })).toThrow(/`key`.*""/);
    const j = redisJournal({ client: client(), key: 'v' });
    await expect(j.record({ ...entry('a', 1), operationId: '' })).rejects.toThrow(TypeError);
    await expect(j.settle('a', 'nah' as never)).rejects.toThrow(/outcome/);
  });
});
