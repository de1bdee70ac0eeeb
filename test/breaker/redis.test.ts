/**
 * redisBreaker on a real redis-server: two breakers with their own ioredis clients stand for two processes.
 * One's failures open the circuit for the other, half-open probes are limited across both, a probe's success
 * closes it for both, and Redis down or hung never hangs a caller.
 */
import { createServer as createNetServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { redisBreaker, type BreakerChange, type RedisBreaker } from '../../src/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer | undefined;
const clients: Redis[] = [];
beforeAll(async () => {
  if (hasRedis) redis = await startRedis();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => stopRedis(redis));

// commandTimeoutMs: generous, the machine may be loaded (the fallback on a slow Redis has its own tests below)
const T = { minimumCalls: 4, windowCalls: 20, windowMs: 10_000, minimumSpanMs: 0, openMs: 300, halfOpenProbes: 1, syncMs: 0, commandTimeoutMs: 2_000 };

function client(): Redis {
  const c = new Redis(redis!.port, '127.0.0.1', { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  c.on('error', () => {});
  clients.push(c);
  return c;
}

let n = 0;
/** Two "processes" on one key space; a fresh prefix per test. */
function pair(opts: Partial<typeof T> = {}): { a: RedisBreaker; b: RedisBreaker; key: string } {
  const keyPrefix = `t${++n}:`;
  return {
    a: redisBreaker({ client: client(), keyPrefix, ...T, ...opts }),
    b: redisBreaker({ client: client(), keyPrefix, ...T, ...opts }),
    key: 'https://api.test#0123456789abcdef',
  };
}

const until = async (f: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const settled = (b: RedisBreaker, key: string): Promise<unknown> => Promise.resolve(b.admit(key));

describe.skipIf(!hasRedis)('redisBreaker', () => {
  test('one process sees the outage; the other learns it from Redis and fails fast', async () => {
    const { a, b, key } = pair();
    const changesB: BreakerChange[] = [];
    const seeB = (c: BreakerChange) => changesB.push(c); // the executor passes its listener on every call
    await settled(a, key);
    await Promise.resolve(b.admit(key, seeB));
    for (let i = 0; i < 4; i++) {
      a.record(key, 'failure', false);
      await new Promise((r) => setTimeout(r, 10)); // one flush in flight per key: let each land
    }
    await until(() => a.blocked(key) !== undefined);
    expect(b.blocked(key)).toBeUndefined(); // b has not asked Redis yet
    expect(b.admit(key, seeB)).toEqual({ ok: true, probe: false }); // stale (syncMs), but it syncs now
    await until(() => b.blocked(key) !== undefined);
    expect(changesB).toEqual([]); // learned in the background: told at b's next call, inside a request
    const r = await Promise.resolve(b.admit(key, seeB));
    expect(r).toMatchObject({ ok: false, state: 'open', failureRatio: 1, calls: 4 });
    expect(changesB.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open']);
    expect(changesB[0]).toMatchObject({ key, failureRatio: 1, calls: 4 });
  });

  test('counts are shared: two processes with 2 failures each open it together (minimumCalls 4)', async () => {
    const { a, b, key } = pair();
    for (let i = 0; i < 2; i++) {
      a.record(key, 'failure', false);
      b.record(key, 'failure', false);
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => a.blocked(key) !== undefined || b.blocked(key) !== undefined);
    a.admit(key);
    b.admit(key);
    await until(() => a.blocked(key) !== undefined && b.blocked(key) !== undefined);
  });

  test('half-open: one probe across both processes; its success closes the circuit for both', async () => {
    const { a, b, key } = pair();
    for (let i = 0; i < 4; i++) {
      a.record(key, 'failure', false);
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => a.blocked(key) !== undefined);
    b.record(key, 'success', false); // b syncs: it learns the opening
    await until(() => b.blocked(key) !== undefined);
    await new Promise((r) => setTimeout(r, 320));
    const answers = await Promise.all([settled(a, key), settled(b, key), settled(a, key), settled(b, key)]);
    const probes = answers.filter((x) => (x as { probe?: boolean }).probe === true);
    expect(probes).toHaveLength(1);
    expect(answers.filter((x) => (x as { ok: boolean }).ok)).toHaveLength(1);
    const prober = (answers[0] as { probe?: boolean }).probe || (answers[2] as { probe?: boolean }).probe ? a : b;
    prober.record(key, 'success', true);
    const other = prober === a ? b : a;
    await until(() => {
      void other.admit(key);
      return (other.admit(key) as { ok?: boolean }).ok === true;
    });
    expect(await settled(a, key)).toEqual({ ok: true, probe: false });
  });

  test('a failed probe opens it again for everyone', async () => {
    const { a, b, key } = pair();
    for (let i = 0; i < 4; i++) {
      a.record(key, 'failure', false);
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => a.blocked(key) !== undefined);
    b.admit(key);
    await until(() => b.blocked(key) !== undefined);
    await new Promise((r) => setTimeout(r, 320));
    expect(await settled(b, key)).toEqual({ ok: true, probe: true });
    b.record(key, 'failure', true);
    await until(() => b.blocked(key) !== undefined);
    const r = await settled(a, key); // a's mirror says open-but-due: it asks Redis, which says open again
    expect(r).toMatchObject({ ok: false, state: 'open' });
  });

  test('one hash per circuit, hash-tagged by the key, expiring when idle', async () => {
    const keyPrefix = `tag${++n}:`;
    const c = client();
    const br = redisBreaker({ client: c, keyPrefix, ...T });
    const key = 'https://api.test#abc';
    br.record(key, 'failure', false);
    await new Promise((r) => setTimeout(r, 50));
    const keys = await c.keys(`${keyPrefix}*`);
    expect(keys).toEqual([`${keyPrefix}{${key}}`]);
    const ttl = await c.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000 + 600 + 60_000);
  });

  test('Redis stopped: admit and record never hang nor throw; the in-process insurance decides', async () => {
    const dead = new Redis(1, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    dead.on('error', () => {});
    const errors: unknown[] = [];
    const br = redisBreaker({ client: dead, ...T, commandTimeoutMs: 100, onError: (e) => errors.push(e) });
    const key = 'k';
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) {
      await settled(br, key);
      br.record(key, 'failure', false);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(br.degraded).toBe(true);
    await until(() => br.blocked(key) !== undefined); // the insurance opened it
    expect(await settled(br, key)).toMatchObject({ ok: false, state: 'open' });
    dead.disconnect();
  });

  test('a hung Redis (connected, never answering): one command timeout, then in-process decisions', async () => {
    const sockets: Socket[] = [];
    const mute = createNetServer((s) => {
      sockets.push(s);
      s.on('data', (d) => {
        const setinfo = d.toString().match(/SETINFO/gi)?.length ?? 0;
        for (let i = 0; i < setinfo; i++) s.write('+OK\r\n');
      });
    });
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const addr = mute.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const c = new Redis(port, '127.0.0.1', { enableReadyCheck: false, retryStrategy: () => 50 });
    c.on('error', () => {});
    const errors: unknown[] = [];
    const br = redisBreaker({ client: c, ...T, commandTimeoutMs: 100, onError: (e) => errors.push(e) });
    try {
      await new Promise<void>((r) => (c.status === 'ready' ? r() : c.once('ready', () => r())));
      const key = 'k';
      for (let i = 0; i < 4; i++) br.record(key, 'failure', false); // the first flush hangs, then times out
      await until(() => errors.length > 0, 1_000);
      expect(String(errors[0])).toMatch(/redisBreaker: Redis did not answer within 100 ms/);
      expect(br.degraded).toBe(true);
      br.record(key, 'failure', false);
      const t1 = Date.now();
      expect(await settled(br, key)).toMatchObject({ ok: false, state: 'open' }); // insurance, at once
      expect(Date.now() - t1).toBeLessThan(50);
    } finally {
      c.disconnect();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => mute.close(() => r()));
    }
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['no client', {}, /redisBreaker: client must be an ioredis client, got undefined/],
    ['a bad ratio', { failureRatio: -1 }, /redisBreaker: failureRatio must be a number in \(0, 1\], got -1/],
    ['a bad syncMs', { syncMs: -1 }, /redisBreaker: syncMs must be a finite number >= 0, got -1/],
    ['a bad timeout', { commandTimeoutMs: 0 }, /redisBreaker: commandTimeoutMs must be a finite number > 0, got 0/],
    ['a bad prefix', { keyPrefix: 5 }, /redisBreaker: keyPrefix must be a string, got 5/],
    ['a misspelt option', { syncMS: 5 }, /redisBreaker: syncMS must be left out: it is not an option/],
  ])('%s → TypeError naming the option and the value', (name, opts, message) => {
    const c = name === 'no client' ? undefined : client();
    expect(() => redisBreaker({ client: c, ...opts } as never)).toThrow(TypeError);
    expect(() => redisBreaker({ client: c, ...opts } as never)).toThrow(message);
  });
});
