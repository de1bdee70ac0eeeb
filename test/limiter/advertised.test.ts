/**
 * memoryLimiter learning the advertised quota from every answer, on fake time: a model of a fixed-window
 * server (as @fastify/rate-limit's and express-rate-limit's memory stores: a window opens on the first hit after
 * the last one ended; the reset is sent in whole seconds, rounded up) answered over a latency, and the
 * limiter's behaviour on bad headers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLimiter, type AcquireRequest, type MemoryLimiter } from '../../src/limiter/index.js';

const T0 = 1_000_000;
const clock = { now: () => Date.now() };
const req = (over: Partial<AcquireRequest> = {}): AcquireRequest => ({ key: 'k', weight: 1, deadlineAt: Number.POSITIVE_INFINITY, ...over });

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

type Style = 'fastify' | 'draft-8' | 'draft-6';

/** A fixed-window rate-limited server: `limit` hits per `windowMs`, counting refused hits too. */
class FixedWindowServer {
  start = -Infinity;
  count = 0;
  readonly hits: Array<{ at: number; ok: boolean }> = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly style: Style,
  ) {}

  hit(now: number): { ok: boolean; headers: Record<string, string> } {
    if (now >= this.start + this.windowMs) {
      this.start = now;
      this.count = 0;
    }
    this.count++;
    const ok = this.count <= this.limit;
    this.hits.push({ at: now, ok });
    const remaining = Math.max(0, this.limit - this.count);
    const t = Math.ceil((this.start + this.windowMs - now) / 1000);
    const w = Math.ceil(this.windowMs / 1000);
    const headers: Record<string, string> =
      this.style === 'fastify'
        ? { 'x-ratelimit-limit': String(this.limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(t) }
        : this.style === 'draft-8'
          ? { ratelimit: `"${this.limit}-in-${w}s"; r=${remaining}; t=${t}`, 'ratelimit-policy': `"${this.limit}-in-${w}s"; q=${this.limit}; w=${w}; pk=:MTIzNDU2Nzg5MDEy:` }
          : { 'ratelimit-limit': String(this.limit), 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(t), 'ratelimit-policy': `${this.limit};w=${w}` };
    if (!ok) headers['retry-after'] = String(t);
    return { ok, headers };
  }
}

/**
 * `callers` loops send `total` requests through the limiter to the server; each request travels `latency()` ms
 * each way. A refused request pauses the key for its Retry-After, as the executor does.
 */
async function drive(l: MemoryLimiter, server: FixedWindowServer, total: number, callers: number, latency: () => number) {
  let started = 0;
  let refused = 0;
  const loop = async (): Promise<void> => {
    while (started < total) {
      started++;
      for (;;) {
        const r = await l.acquire(req());
        expect(r.ok).toBe(true);
        const sentAt = Date.now();
        await new Promise((res) => setTimeout(res, latency()));
        const answer = server.hit(Date.now());
        await new Promise((res) => setTimeout(res, latency()));
        l.observe('k', answer.headers, 1, sentAt);
        if (answer.ok) break;
        refused++;
        l.pause('k', Number(answer.headers['retry-after']) * 1000 + 5);
      }
    }
  };
  const t0 = Date.now();
  const done = Promise.all(Array.from({ length: callers }, loop));
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) await vi.advanceTimersByTimeAsync(5);
  await done;
  return { refused, wallMs: Date.now() - t0 };
}

/** The most accepted hits inside any of the server's own windows. */
function worstWindow(server: FixedWindowServer): number {
  const ok = server.hits.filter((h) => h.ok).map((h) => h.at);
  let best = 0;
  for (let i = 0, j = 0; i < ok.length; i++) {
    while (ok[i]! - ok[j]! >= server.windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('memoryLimiter learns the advertised quota from every answer', () => {
  it.each(['fastify', 'draft-8', 'draft-6'] as const)('%s headers, 100 per 1 s, 32 callers, 1–3 ms each way: no refusal, at least 95 percent of the limit', async (style) => {
    const server = new FixedWindowServer(100, 1_000, style);
    const l = memoryLimiter({ clock });
    let n = 0;
    const { refused, wallMs } = await drive(l, server, 1_500, 32, () => 1 + (n++ % 3));
    expect(refused).toBe(0);
    expect(server.hits).toHaveLength(1_500);
    expect(worstWindow(server)).toBeLessThanOrEqual(100);
    const perSecond = (1_500 / wallMs) * 1000;
    expect(perSecond).toBeGreaterThanOrEqual(95);
    expect(perSecond).toBeLessThanOrEqual(101);
  });

  it('without learning (advertised: false) the same run is refused over and over', async () => {
    const server = new FixedWindowServer(100, 1_000, 'fastify');
    const l = memoryLimiter({ clock, advertised: false, adaptive: false });
    const { refused } = await drive(l, server, 600, 32, () => 1);
    expect(refused).toBeGreaterThan(20);
  });

  it('a configured rateLimit still wins where it is stricter', async () => {
    const server = new FixedWindowServer(100, 1_000, 'draft-8');
    const l = memoryLimiter({ clock, rateLimit: { limit: 50, intervalMs: 1_000 } });
    const { refused, wallMs } = await drive(l, server, 200, 16, () => 1);
    expect(refused).toBe(0);
    expect(wallMs).toBeGreaterThanOrEqual(3_900); // 200 at 50/s
    expect(worstWindow(server)).toBeLessThanOrEqual(50);
  });

  it('a longer window (100 per 10 s, reset counted down in whole seconds)', async () => {
    const server = new FixedWindowServer(100, 10_000, 'fastify');
    const l = memoryLimiter({ clock });
    const { refused, wallMs } = await drive(l, server, 300, 8, () => 2);
    expect(refused).toBe(0);
    expect(wallMs).toBeLessThan(30_500);
  });
});

describe('a used-weight header against a profile’s documented limit (Binance X-MBX-USED-WEIGHT-1M)', () => {
  it('the executor’s default limiter reads it from the profile and holds requests once the weight is spent', async () => {
    const { createExecutor, profiles } = await import('../../src/index.js');
    const axios = (await import('axios')).default;
    let used = 0;
    const sent: number[] = [];
    const adapter = async (config: import('axios').InternalAxiosRequestConfig) => {
      used += 10;
      sent.push(Date.now());
      return { data: {}, status: 200, statusText: 'OK', headers: { 'x-mbx-used-weight-1m': String(used) }, config, request: {} };
    };
    const profile = { ...profiles.generic, usedWeight: [{ header: 'x-mbx-used-weight-1m', limit: 50 }] };
    // each request weighs 10 (Binance's weights are per endpoint): the weight option tells the limiter
    const ex = createExecutor({ http: axios.create({ adapter }), profile, clock, deadlineMs: 120_000, weight: () => 10 });
    await ex.request({ url: '/x' }); // 10 of 50 used: the rest is paced over what is left of the minute
    const rest = Array.from({ length: 6 }, () => ex.request({ url: '/x' }));
    let settled = 0;
    for (const p of rest) void p.then(() => settled++);
    while (settled < rest.length) await vi.advanceTimersByTimeAsync(500);
    // The fake clock starts 40 s into a minute: the minute (plus 1 s for clock skew) ends 21 s in.
    const minuteEnd = T0 + 21_000;
    expect(sent.filter((t) => t < minuteEnd)).toHaveLength(5); // 50 of weight 10: the limit, and no more
    expect(sent.filter((t) => t >= minuteEnd)).toHaveLength(2);
    expect(sent[4]! - sent[0]!).toBeGreaterThan(10_000); // paced across the minute, not at once
  });
});

describe('memoryLimiter on bad headers: never throws, never holds a request past its deadline', () => {
  const answer = (l: MemoryLimiter, headers: Record<string, unknown>) => {
    const sentAt = Date.now();
    return l.acquire(req()).then((r) => {
      expect(r.ok).toBe(true);
      l.observe('k', headers, 1, sentAt);
    });
  };

  it.each([
    ['garbage', { ratelimit: '!!', 'x-ratelimit-remaining': 'lots' }],
    ['negative', { 'x-ratelimit-remaining': '-5', 'x-ratelimit-reset': '-1' }],
    ['huge', { ratelimit: '"x";r=999999999999999;t=99999999' }],
    ['wrong types', { 'x-ratelimit-remaining': { a: 1 }, ratelimit: 42, 'ratelimit-policy': [1, 2] }],
  ])('%s headers are ignored: the key stays unlimited', async (_name, headers) => {
    const l = memoryLimiter({ clock });
    for (let i = 0; i < 5; i++) await answer(l, headers);
    expect(l.stateOf('k')).toMatchObject({ left: Infinity, windowEndsAt: 0, inFlight: 0 });
    expect(await l.acquire(req())).toEqual({ ok: true, waitedMs: 0 });
  });

  it('a server advertising 0 left forever: one request per advertised window, and a request whose deadline comes first is refused at once', async () => {
    const l = memoryLimiter({ clock });
    const zero = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' };
    await answer(l, zero);
    const t1 = Date.now();
    expect(await l.acquire(req({ deadlineAt: t1 + 500 }))).toMatchObject({ ok: false, reason: 'deadline' }); // at once, not after 500 ms
    expect(Date.now()).toBe(t1);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const p = l.acquire(req());
      await vi.advanceTimersByTimeAsync(2_100);
      expect((await p).ok).toBe(true);
      times.push(Date.now());
      l.observe('k', zero, 1, Date.now());
    }
    expect(l.stateOf('k')).toMatchObject({ left: 0 });
  });

  it('an hour-long "0 left" is capped to 5 minutes; an absurd one (over a day) is ignored', async () => {
    const l = memoryLimiter({ clock });
    await answer(l, { ratelimit: '"x";r=0;t=3600' });
    expect(l.stateOf('k')!.windowEndsAt - Date.now()).toBe(300_000);
    const l2 = memoryLimiter({ clock });
    await answer(l2, { ratelimit: '"x";r=0;t=90000' });
    expect(l2.stateOf('k')).toMatchObject({ left: Infinity });
  });

  it('an answer for a forgotten or unknown key is ignored', () => {
    const l = memoryLimiter({ clock });
    expect(() => l.observe('nobody', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, 1, Date.now())).not.toThrow();
    expect(l.stateOf('nobody')).toBeUndefined();
  });
});
