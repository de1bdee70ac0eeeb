import { fork } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLimiter, type AcquireRequest, type AcquireResult } from '../../src/limiter/index.js';
import { hasRedis, startRedis, stopRedis, type RedisServer } from '../helpers/redis-server.js';
import { maxInWindow } from '../helpers/windows.js';

const WORKER = fileURLToPath(new URL('./fixtures/redis-worker.ts', import.meta.url));
let unique = 0;
const freshKey = (): string => `key-${process.pid}-${++unique}`;
const req = (key: string, over: Partial<AcquireRequest> = {}): AcquireRequest => ({ key, weight: 1, deadlineAt: Date.now() + 5_000, ...over });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe.skipIf(!hasRedis)('redisLimiter (real redis-server)', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const connect = (port = server.port): Redis => {
    const c = new Redis(port, '127.0.0.1', { retryStrategy: () => 50 });
    c.on('error', () => {});
    clients.push(c);
    return c;
  };
  /** Two connected clients. */
  const pair = async (port = server.port): Promise<[Redis, Redis]> => {
    const both: [Redis, Redis] = [connect(port), connect(port)];
    await Promise.all(both.map((c) => c.ping()));
    return both;
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await stopRedis(server);
  });

  it('two instances (two clients) share a pause; pauses never shorten', async () => {
    const key = freshKey();
    const [ca, cb] = await pair();
    const a = redisLimiter({ client: ca });
    const b = redisLimiter({ client: cb });
    expect(a.name).toBe('redis');
    await a.pause(key, 300);
    await b.pause(key, 20); // shorter: no effect
    const t0 = Date.now();
    const [ra, rb, other] = await Promise.all([a.acquire(req(key)), b.acquire(req(key)), b.acquire(req(freshKey()))]);
    expect(ra.ok && rb.ok && other.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(270);
    expect((rb as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(270);
    expect(other).toEqual({ ok: true, waitedMs: 0 });
    // A pause outlasting the deadline is refused at once, on the other instance too.
    await a.pause(key, 2_000);
    const t1 = Date.now();
    const r = await b.acquire(req(key, { deadlineAt: Date.now() + 500 }));
    expect(r).toMatchObject({ ok: false, reason: 'deadline' });
    expect((r as { waitMs: number }).waitMs).toBeGreaterThan(1_800);
    expect(Date.now() - t1).toBeLessThan(100);
  });

  it('shares the rate between instances: spaced grants, deadline refusals without reserving', async () => {
    const key = freshKey();
    const rateLimit = { limit: 20, intervalMs: 1000 };
    const [ca, cb] = await pair();
    const a = redisLimiter({ client: ca, rateLimit, marginMs: 0 });
    const b = redisLimiter({ client: cb, rateLimit, marginMs: 0 });
    const t0 = performance.now();
    const times: number[] = [];
    const stamp = (p: Promise<AcquireResult>) => p.then((r) => (times.push(performance.now() - t0), r));
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => stamp((i % 2 ? a : b).acquire(req(key)))));
    expect(rs.every((r) => r.ok)).toBe(true);
    times.sort((x, y) => x - y);
    // 10 grants, 50 ms apart: the last one about 450 ms after the first.
    expect(times[9]! - times[0]!).toBeGreaterThanOrEqual(440);
    expect(times[9]! - times[0]!).toBeLessThan(700);
    // Next slot is ~50 ms away: a 10 ms deadline is refused at once, and reserves nothing.
    const refused = await a.acquire(req(key, { deadlineAt: Date.now() + 10 }));
    expect(refused).toMatchObject({ ok: false, reason: 'deadline' });
    const after = await b.acquire(req(key));
    expect(after.ok).toBe(true);
    expect((after as { waitedMs: number }).waitedMs).toBeLessThan(90); // ~50 ms; ~100 had the refusal reserved
  });

  it('an aborted wait rejects at once with the reason and gives its reservation back', async () => {
    const key = freshKey();
    const rateLimit = { limit: 2, intervalMs: 1000 };
    const [ca] = await pair();
    const a = redisLimiter({ client: ca, rateLimit, marginMs: 0 });
    expect(await a.acquire(req(key))).toEqual({ ok: true, waitedMs: 0 });
    const ctl = new AbortController();
    const waiting = a.acquire(req(key, { signal: ctl.signal }));
    await sleep(20);
    const reason = new Error('stop');
    ctl.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await sleep(20);
    const t0 = Date.now();
    expect((await a.acquire(req(key))).ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(750); // the slot at +500 ms was released: ~460 ms left, not ~960 (wide margin: a loaded machine)
  });

  it('a pause set elsewhere while a reservation waits holds that request until the pause ends', async () => {
    const key = freshKey();
    const rateLimit = { limit: 5, intervalMs: 1000 };
    const [ca, cb] = await pair();
    const a = redisLimiter({ client: ca, rateLimit, marginMs: 0 });
    const b = redisLimiter({ client: cb, rateLimit, marginMs: 0 });
    await a.acquire(req(key));
    const t0 = Date.now();
    const second = a.acquire(req(key)); // reserved for +200 ms
    await sleep(50);
    await b.pause(key, 500); // until ~+550 ms
    expect((await second).ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(520);
  });

  it('a refusal without guidance seen by one instance lowers the other’s rate (shared learned rate), once per window', async () => {
    const key = freshKey();
    const [ca, cb] = await pair();
    const a = redisLimiter({ client: ca }); // no rateLimit: the learned rate is on
    const b = redisLimiter({ client: cb });
    for (let i = 0; i < 20; i++) expect(await a.acquire(req(key))).toEqual({ ok: true, waitedMs: 0 }); // unlimited, metered
    const t = Date.now();
    a.onThrottle?.(key, t);
    await sleep(40);
    const learn = async () => ca.hgetall(`resolute:limit:{${key}}:learn`);
    const first = await learn();
    expect(Number(first.wmax)).toBeGreaterThan(0); // the cut starts from the granted rate all instances share
    // b, through its own client, is now spaced by the learned rate (≈ 0.7 × the measured rate)
    const t0 = performance.now();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect((await b.acquire(req(key))).ok).toBe(true);
      times.push(performance.now() - t0);
    }
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(150); // unlimited before the cut: 0
    // a refusal of a request sent before the cut is the same signal: no second cut
    b.onThrottle?.(key, t - 500);
    await sleep(40);
    expect((await learn()).cut).toBe(first.cut);
    expect((await learn()).wmax).toBe(first.wmax);
  });

  it('4 processes at 50 req/s: every sliding second holds ≤ 50 arrivals, and ≥ 90 % of 50/s gets through', async () => {
    const arrivals: number[] = [];
    const http: Server = createHttpServer((_req, res) => {
      arrivals.push(performance.now());
      res.end('ok');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const addr = http.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const key = freshKey();
    const workers = Array.from({ length: 4 }, () =>
      fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, REDIS_PORT: String(server.port), TARGET_URL: `http://127.0.0.1:${port}/`, LIMIT: '50', KEY: key, LOOPS: '3' },
      }),
    );
    try {
      await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
      })));
      const durationMs = 4_000;
      const startAt = Date.now() + 100;
      const endAt = startAt + durationMs;
      const done = workers.map((w) => new Promise<{ sent: number; refused: number; lagMs: number }>((resolve) => w.once('message', resolve)));
      for (const w of workers) w.send({ startAt, endAt });
      const reports = await Promise.all(done);
      const sent = reports.reduce((n, r) => n + r.sent, 0);
      const peak = maxInWindow(arrivals, 1000);
      const sorted = [...arrivals].sort((x, y) => x - y);
      let tightest = Infinity; // shortest span holding 51 arrivals: must stay >= 1000 ms
      for (let i = 50; i < sorted.length; i++) tightest = Math.min(tightest, sorted[i]! - sorted[i - 50]!);
      console.info(`[limiter] 4 processes, 50/s for ${durationMs} ms: ${arrivals.length} arrivals (${reports.map((r) => r.sent).join('+')}), peak ${peak} in any 1000 ms window, 51 arrivals span at least ${tightest.toFixed(1)} ms; measured lag ${reports.map((r) => r.lagMs.toFixed(0)).join('/')} ms`);
      expect(arrivals.length).toBe(sent);
      expect(peak).toBeLessThanOrEqual(50);
      expect(arrivals.length).toBeGreaterThanOrEqual(0.9 * 50 * (durationMs / 1000));
      expect(reports.every((r) => r.sent > 10)).toBe(true); // every process got a share
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill();
      await new Promise<void>((r) => http.close(() => r()));
    }
  });

  it('a hung Redis (connected, never answering) costs one command timeout, then insurance serves', async () => {
    // Answers the connection handshake (CLIENT SETINFO) so the client turns `ready`, then never again:
    // what a stopped (SIGSTOP) or wedged Redis looks like.
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
    const client = new Redis(port, '127.0.0.1', { enableReadyCheck: false, retryStrategy: () => 50 });
    client.on('error', () => {});
    const errors: unknown[] = [];
    const l = redisLimiter({ client, rateLimit: { limit: 1000, intervalMs: 1000 }, commandTimeoutMs: 100, onError: (e) => errors.push(e) });
    try {
      await new Promise<void>((r) => (client.status === 'ready' ? r() : client.once('ready', () => r())));
      const t0 = Date.now();
      const rs = await Promise.all([l.acquire(req('k')), l.acquire(req('k'))]);
      expect(rs.every((r) => r.ok)).toBe(true);
      expect(Date.now() - t0).toBeLessThan(300);
      expect(l.degraded).toBe(true);
      const t1 = Date.now();
      expect((await l.acquire(req('k'))).ok).toBe(true);
      expect(Date.now() - t1).toBeLessThan(20); // no second timeout: insurance until recheckMs
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(String(errors[0])).toMatch(/did not answer within 100 ms/);
    } finally {
      client.disconnect();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => mute.close(() => r()));
    }
  });

  it('Redis killed mid-run, then restarted: acquires keep completing through insurance, sharing resumes', async () => {
    const own = await startRedis();
    const [ca, cb] = await pair(own.port);
    const opts = { rateLimit: { limit: 200, intervalMs: 1000 }, commandTimeoutMs: 100, recheckMs: 150, insurance: { processes: 2 } };
    const a = redisLimiter({ client: ca, ...opts });
    const b = redisLimiter({ client: cb, ...opts });
    const key = freshKey();
    let phase: 'up' | 'down' | 'back' = 'up';
    const done = { up: 0, down: 0, back: 0 };
    let slowest = 0;
    let failures = 0;
    let stop = false;
    const loop = async (l: typeof a): Promise<void> => {
      while (!stop) {
        const t = Date.now();
        try {
          const r = await l.acquire(req(key, { deadlineAt: Date.now() + 2_000 }));
          if (r.ok) done[phase]++;
        } catch {
          failures++;
        }
        slowest = Math.max(slowest, Date.now() - t);
      }
    };
    try {
      const loops = [loop(a), loop(a), loop(b), loop(b)];
      await sleep(300);
      await own.stop();
      phase = 'down';
      await sleep(600);
      expect(a.degraded && b.degraded).toBe(true);
      // A pause set while Redis is away returns at once, holds locally, and is replayed once Redis is back.
      const k3 = freshKey();
      const tp = Date.now();
      await a.pause(k3, 3_000);
      expect(Date.now() - tp).toBeLessThan(50);
      expect(await a.acquire(req(k3, { deadlineAt: Date.now() + 100 }))).toMatchObject({ ok: false, reason: 'deadline' });
      await own.restart();
      phase = 'back';
      const until = Date.now() + 5_000;
      while ((a.degraded || b.degraded) && Date.now() < until) await sleep(20);
      expect(a.degraded || b.degraded).toBe(false);
      await sleep(200);
      stop = true;
      await Promise.all(loops);
      console.info(`[limiter] kill/restart: granted up ${done.up}, down ${done.down}, back ${done.back}; slowest acquire ${slowest} ms`);
      expect(failures).toBe(0);
      expect(done.up).toBeGreaterThan(20);
      expect(done.down).toBeGreaterThan(20); // insurance: 2 × 100/s for 600 ms
      expect(done.down).toBeLessThanOrEqual(2 * 100 * 0.6 + 10);
      expect(done.back).toBeGreaterThan(10);
      expect(slowest).toBeLessThan(500);
      // Sharing resumed: a pause set on one instance is seen by the other.
      const k2 = freshKey();
      await a.pause(k2, 300);
      const t0 = Date.now();
      expect((await b.acquire(req(k2))).ok).toBe(true);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(270);
      expect(await b.acquire(req(k3, { deadlineAt: Date.now() + 100 }))).toMatchObject({ ok: false, reason: 'deadline' });
    } finally {
      stop = true;
      await stopRedis(own);
    }
  });

  it('works with a lazyConnect client (the first command connects it)', async () => {
    const client = new Redis(server.port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
    client.on('error', () => {});
    clients.push(client);
    const l = redisLimiter({ client, rateLimit: { limit: 100, intervalMs: 1000 } });
    expect(client.status).toBe('wait');
    expect(await l.acquire(req(freshKey()))).toEqual({ ok: true, waitedMs: 0 });
    expect(client.status).toBe('ready');
    expect(l.degraded).toBe(false);
  });

  it('validates its options', () => {
    const client = connect();
    expect(() => redisLimiter({ client: {} as never })).toThrow('redisLimiter: client must be an ioredis client, got an object');
    expect(() => redisLimiter({ client, marginMs: -1 })).toThrow(/marginMs must be a finite number >= 0, got -1/);
    expect(() => redisLimiter({ client, insurance: { processes: 0 } })).toThrow(/insurance\.processes must be an integer >= 1, got 0/);
    expect(() => redisLimiter({ client, commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs .* got 0/);
    expect(() => redisLimiter({ client, keyPrefix: 5 as never })).toThrow(/keyPrefix must be a string, got 5/);
    expect(() => redisLimiter({ client, usedWeight: {} as never })).toThrow(/^redisLimiter: usedWeight must be an array/);
    expect(() => redisLimiter({ client, advertised: 'yes' as never })).toThrow(/^redisLimiter: advertised must be a boolean/);
  });
});
