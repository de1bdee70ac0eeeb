import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLimiter, type AcquireRequest, type AcquireResult, type MemoryLimiterOptions } from '../../src/limiter/index.js';
import { maxInWindow } from '../helpers/windows.js';

const T0 = 1_000_000;
const clock = { now: () => Date.now() };

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const req = (over: Partial<AcquireRequest> = {}): AcquireRequest => ({ key: 'k', weight: 1, deadlineAt: Number.POSITIVE_INFINITY, ...over });
const make = (opts: Omit<MemoryLimiterOptions, 'clock'> = {}) => memoryLimiter({ clock, ...opts });

/** Starts acquires and records when each one settles (fake ms since T0). */
function track(p: Promise<AcquireResult>) {
  const out: { at?: number; result?: AcquireResult; error?: unknown } = {};
  p.then(
    (r) => {
      out.at = Date.now() - T0;
      out.result = r;
    },
    (e: unknown) => {
      out.at = Date.now() - T0;
      out.error = e;
    },
  );
  return out;
}


describe('memoryLimiter: fast path', () => {
  it('grants at once, with one shared settled promise and no timer', async () => {
    const l = make();
    const a = l.acquire(req());
    const b = l.acquire(req({ key: 'other', weight: 3 }));
    expect(a).toBe(b);
    expect(await a).toEqual({ ok: true, waitedMs: 0 });
    expect(vi.getTimerCount()).toBe(0);
    expect(l.name).toBe('memory');
  });

  it('grants under the rate without timers, then queues', async () => {
    const l = make({ rateLimit: { limit: 5, intervalMs: 1000, burst: 5 } });
    const first = Array.from({ length: 5 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.map((x) => x.at)).toEqual([0, 0, 0, 0, 0]);
    expect(vi.getTimerCount()).toBe(0);
    const sixth = track(l.acquire(req()));
    expect(vi.getTimerCount()).toBe(1);
    // The bucket refills one unit every 200 ms, but the limit holds over every sliding second: the sixth
    // waits for the first five to leave the window (a token bucket alone would let 2 × limit across an edge).
    await vi.advanceTimersByTimeAsync(999);
    expect(sixth.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sixth).toMatchObject({ at: 1000, result: { ok: true, waitedMs: 1000 } });
  });
});

describe('memoryLimiter: rate', () => {
  it('spaces grants intervalMs / limit apart, in order, and keeps every sliding window at the limit', async () => {
    const l = make({ rateLimit: { limit: 10, intervalMs: 1000 } });
    const got = Array.from({ length: 35 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(4000);
    const at = got.map((g) => g.at!);
    expect(at.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
    expect(at).toEqual([...at].sort((x, y) => x - y));
    expect(at[34]).toBe(3400);
    expect(maxInWindow(at, 1000)).toBe(10);
    expect(got.every((g) => g.result?.ok === true)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('weight w costs w slots', async () => {
    const l = make({ rateLimit: { limit: 10, intervalMs: 1000 } });
    const heavy = track(l.acquire(req({ weight: 5 })));
    const light = track(l.acquire(req()));
    const light2 = track(l.acquire(req()));
    await vi.advanceTimersByTimeAsync(1000);
    expect([heavy.at, light.at, light2.at]).toEqual([0, 500, 600]);
  });

  it('a request heavier than the burst waits for a full bucket', async () => {
    const l = make({ rateLimit: { limit: 10, intervalMs: 1000, burst: 2 } });
    const a = track(l.acquire(req()));
    const big = track(l.acquire(req({ weight: 4 })));
    await vi.advanceTimersByTimeAsync(1000);
    expect([a.at, big.at]).toEqual([0, 100]);
  });

  it('a timer that fires late is caught up on (up to two slots), and the limit still holds over every sliding window', async () => {
    let lag = 0;
    const lateSleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms + (lag++ % 3 === 0 ? 7 : 0)); // every third wake-up 7 ms late
      signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
    });
    const l = memoryLimiter({ clock, sleep: lateSleep, rateLimit: { limit: 100, intervalMs: 1000 } });
    const got = Array.from({ length: 500 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(6_000);
    const at = got.map((g) => g.at!);
    expect(maxInWindow(at, 1000)).toBe(100);
    expect(at[499]).toBeLessThanOrEqual(5_050); // ≈ 100/s despite the lateness (without catch-up: ≈ 6.2 s)
  });

  it('reaches rates above one per ms despite whole-ms timers', async () => {
    const l = make({ rateLimit: { limit: 5000, intervalMs: 1000 } });
    const got = Array.from({ length: 600 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(100);
    const done = got.filter((g) => g.result?.ok).length;
    expect(done).toBeGreaterThanOrEqual(495);
    expect(done).toBeLessThanOrEqual(510);
  });

  it('keys are independent', async () => {
    const l = make({ rateLimit: { limit: 1, intervalMs: 1000 } });
    const a = track(l.acquire(req({ key: 'a' })));
    const b = track(l.acquire(req({ key: 'b' })));
    await vi.advanceTimersByTimeAsync(0);
    expect([a.at, b.at]).toEqual([0, 0]);
  });
});

describe('memoryLimiter: pause', () => {
  it('blocks every sharer of the key until the pause ends, not other keys; then releases them all at once', async () => {
    const l = make();
    l.pause('k', 500);
    const held = Array.from({ length: 4 }, () => track(l.acquire(req())));
    const other = track(l.acquire(req({ key: 'other' })));
    await vi.advanceTimersByTimeAsync(499);
    expect(held.map((h) => h.at)).toEqual([undefined, undefined, undefined, undefined]);
    expect(other.at).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    // No rate in force: the pause ends when the server's window ends, and nothing is held back after it.
    expect(held.map((h) => h.at)).toEqual([500, 500, 500, 500]);
    expect(held.every((h) => h.result?.ok === true)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after a pause a new request finds capacity free and takes the fast path (it never queues behind nothing)', async () => {
    const l = make();
    l.pause('k', 100);
    const held = Array.from({ length: 20 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(100);
    expect(held.every((h) => h.at === 100)).toBe(true);
    const p = l.acquire(req());
    const q = l.acquire(req());
    expect(p).toBe(q); // the shared settled grant: no queue, no timer
    expect(await p).toEqual({ ok: true, waitedMs: 0 });
    expect(l.stateOf('k')).toMatchObject({ queued: 0, pausedUntil: 0 });
  });

  it('pauses never shorten; a longer one extends', async () => {
    const l = make();
    l.pause('k', 1000);
    l.pause('k', 200);
    const a = track(l.acquire(req()));
    await vi.advanceTimersByTimeAsync(999);
    expect(a.at).toBeUndefined();
    l.pause('k', 500); // ends at 1499
    await vi.advanceTimersByTimeAsync(1);
    expect(a.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(499);
    expect(a).toMatchObject({ at: 1499, result: { ok: true, waitedMs: 1499 } });
  });

  it('with a rate, waiters leave a pause one by one, spaced (no thundering herd)', async () => {
    const l = make({ rateLimit: { limit: 10, intervalMs: 1000, burst: 10 } });
    l.pause('k', 1000);
    const held = Array.from({ length: 5 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(2000);
    expect(held.map((h) => h.at)).toEqual([1000, 1100, 1200, 1300, 1400]);
  });

  it('rejects a bad ms', () => {
    const l = make();
    expect(() => l.pause('k', Number.NaN)).toThrow(TypeError);
    expect(() => l.pause('k', Number.NaN)).toThrow(/ms must be a finite number, got NaN/);
  });
});

describe('memoryLimiter: deadline', () => {
  it('answers { ok: false } at once when the wait passes the deadline, without reserving', async () => {
    const l = make({ rateLimit: { limit: 1, intervalMs: 1000 } });
    expect(await l.acquire(req())).toEqual({ ok: true, waitedMs: 0 });
    const r = await l.acquire(req({ deadlineAt: T0 + 500 }));
    expect(r).toEqual({ ok: false, reason: 'deadline', waitMs: 1000 });
    expect(vi.getTimerCount()).toBe(0);
    const next = track(l.acquire(req()));
    await vi.advanceTimersByTimeAsync(1000);
    expect(next.at).toBe(1000); // the refused request reserved nothing
  });

  it('refuses during a pause that outlasts the deadline', async () => {
    const l = make();
    l.pause('k', 2000);
    expect(await l.acquire(req({ deadlineAt: T0 + 1999 }))).toEqual({ ok: false, reason: 'deadline', waitMs: 2000 });
  });

  it('a pause set later that pushes a queued waiter past its deadline answers it at once', async () => {
    const l = make({ rateLimit: { limit: 1, intervalMs: 1000 } });
    await l.acquire(req());
    const w = track(l.acquire(req({ deadlineAt: T0 + 1500 })));
    await vi.advanceTimersByTimeAsync(100);
    l.pause('k', 3000);
    await vi.advanceTimersByTimeAsync(0);
    expect(w).toMatchObject({ at: 100, result: { ok: false, reason: 'deadline', waitMs: 3000 } });
  });
});

describe('memoryLimiter: abort', () => {
  it('rejects at once with the reason and gives the slot to the next waiter', async () => {
    const l = make({ rateLimit: { limit: 1, intervalMs: 1000 } });
    await l.acquire(req());
    const ctl = new AbortController();
    const b = track(l.acquire(req({ signal: ctl.signal })));
    const c = track(l.acquire(req()));
    await vi.advanceTimersByTimeAsync(100);
    const reason = new Error('cancelled by caller');
    ctl.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(b).toMatchObject({ at: 100, error: reason });
    await vi.advanceTimersByTimeAsync(900);
    expect(c).toMatchObject({ at: 1000, result: { ok: true, waitedMs: 1000 } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects an already aborted signal without waiting', async () => {
    const l = make();
    const reason = new Error('gone');
    await expect(l.acquire(req({ signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
  });
});

describe('memoryLimiter: learned rate', () => {
  it('one cut per window on refusals without guidance, then a CUBIC climb back within recoveryMs', async () => {
    const l = make({ adaptive: { beta: 0.5 } });
    expect(l.rateOf('k')).toBe(Infinity);
    for (let i = 0; i < 20; i++) await l.acquire(req());
    l.onThrottle('k', T0);
    expect(l.rateOf('k')).toBeCloseTo(10, 6); // 0.5 × the 20/s measured
    l.onThrottle('k', T0); // the same window: no second cut
    vi.advanceTimersByTime(1_200);
    l.onThrottle('k', T0 + 10); // after the cooldown, but the request was sent before the cut… at T0 + 10 ≥ T0: a new signal
    const cut2 = l.rateOf('k');
    expect(cut2).toBeLessThan(20);
    // now spaced 1000 / rate ms apart
    const a = track(l.acquire(req()));
    const b = track(l.acquire(req()));
    await vi.advanceTimersByTimeAsync(200);
    expect(a.at).toBe(1_200);
    expect(b.at).toBeGreaterThan(1_200);
    // recovery is a function of time since the cut: back to the rate before it after recoveryMs (1 s)
    vi.advanceTimersByTime(800);
    expect(l.rateOf('k')).toBeCloseTo(cut2 / 0.5, 1);
    // and released (unlimited) once the probe reaches twice that
    vi.advanceTimersByTime(2_000);
    expect(l.rateOf('k')).toBe(Infinity);
  });

  it('never climbs above the configured rate', async () => {
    const l = make({ rateLimit: { limit: 10, intervalMs: 1000 }, adaptive: true });
    l.onThrottle('k');
    expect(l.rateOf('k')).toBeCloseTo(7, 6); // 0.7 × 10 (nothing measured yet: the configured rate)
    l.onThrottle('k'); // within the 1 s cooldown: ignored
    expect(l.rateOf('k')).toBeCloseTo(7, 6);
    vi.advanceTimersByTime(450);
    expect(l.rateOf('k')).toBeGreaterThanOrEqual(9.5);
    vi.advanceTimersByTime(550);
    expect(l.rateOf('k')).toBe(10);
  });

  it('is off by default when a rate is configured', () => {
    const l = make({ rateLimit: { limit: 10, intervalMs: 1000 } });
    l.onThrottle('k');
    expect(l.rateOf('k')).toBe(10);
  });

  it('waiters queued at the lowered rate are released faster as it climbs back', async () => {
    const l = make({ adaptive: { beta: 0.5, cooldownMs: 0 } });
    for (let i = 0; i < 10; i++) await l.acquire(req());
    l.onThrottle('k');
    expect(l.rateOf('k')).toBeCloseTo(5, 6); // 200 ms apart
    const got = Array.from({ length: 12 }, () => track(l.acquire(req())));
    await vi.advanceTimersByTimeAsync(3_000);
    const at = got.map((g) => g.at!);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(190);
    expect(at[11]! - at[10]!).toBeLessThan(at[1]! - at[0]!); // the gaps shrink with the climb
  });
});

describe('memoryLimiter: housekeeping', () => {
  it('evicts idle, unpaused keys and keeps paused ones', async () => {
    const l = make();
    l.pause('kept', 60_000);
    for (let i = 0; i < 5000; i++) await l.acquire(req({ key: `k${i}` }));
    expect(l.size).toBeLessThanOrEqual(1024);
    const kept = track(l.acquire(req({ key: 'kept', deadlineAt: T0 + 1000 })));
    await vi.advanceTimersByTimeAsync(0);
    expect(kept.result).toEqual({ ok: false, reason: 'deadline', waitMs: 60_000 });
  });

  it('close answers waiters and clears timers', async () => {
    const l = make({ rateLimit: { limit: 1, intervalMs: 1000 } });
    await l.acquire(req());
    const w = track(l.acquire(req()));
    expect(vi.getTimerCount()).toBe(1);
    await l.close?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.result).toMatchObject({ ok: false, reason: 'deadline' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('validates options, naming the option and the value', () => {
    expect(() => memoryLimiter({ rateLimit: { limit: -1, intervalMs: 1000 } })).toThrow('memoryLimiter: rateLimit.limit must be a finite number > 0, got -1');
    expect(() => memoryLimiter({ rateLimit: { limit: 1, intervalMs: 0 } })).toThrow(/rateLimit\.intervalMs .* got 0/);
    expect(() => memoryLimiter({ rateLimit: { limit: 1, intervalMs: 10, burst: 0.5 } })).toThrow(/rateLimit\.burst .* got 0\.5/);
    expect(() => memoryLimiter({ adaptive: { beta: 1.5 } })).toThrow(/adaptive\.beta .* got 1\.5/);
    expect(() => memoryLimiter({ advertised: 'yes' as never })).toThrow(/advertised must be a boolean, got "yes"/);
    expect(() => memoryLimiter({ usedWeight: [{ header: 'x-mbx-used-weight-1m', limit: 0 }] })).toThrow(/usedWeight\[0\]\.limit .* got 0/);
    expect(() => memoryLimiter({ usedWeight: {} as never })).toThrow(/usedWeight must be an array/);
    expect(() => memoryLimiter({ clock: {} as never })).toThrow(TypeError);
    expect(() => memoryLimiter({ adaptive: 'yes' as never })).toThrow(/adaptive must be a boolean or an object, got "yes"/);
  });

  it('rejects a bad weight', async () => {
    await expect(make().acquire(req({ weight: -1 }))).rejects.toThrow(/weight must be a finite number >= 0, got -1/);
  });
});
