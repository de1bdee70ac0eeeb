import Bottleneck from 'bottleneck';
import { describe, expect, it } from 'vitest';
import { bottleneckLimiter, type AcquireRequest } from '../../src/limiter/index.js';

// Real Bottleneck and real timers (its datastore yields through setTimeout); every wait here is short.
const req = (over: Partial<AcquireRequest> = {}): AcquireRequest => ({ key: 'k', weight: 1, deadlineAt: Date.now() + 5_000, ...over });

describe('bottleneckLimiter', () => {
  it('grants through Bottleneck, honouring its minTime', async () => {
    const b = new Bottleneck({ minTime: 40 });
    const l = bottleneckLimiter(b);
    expect(l.name).toBe('bottleneck');
    const t0 = Date.now();
    const rs = await Promise.all([l.acquire(req()), l.acquire(req()), l.acquire(req())]);
    expect(rs.every((r) => r.ok)).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
    expect(rs[2]).toMatchObject({ ok: true });
    expect((rs[2] as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(70);
    await b.stop();
  });

  it('weight w takes w of the reservoir; past the deadline it answers { ok: false }', async () => {
    const b = new Bottleneck({ reservoir: 3 });
    const l = bottleneckLimiter(b);
    expect(await l.acquire(req({ weight: 2 }))).toMatchObject({ ok: true });
    expect(await b.currentReservoir()).toBe(1);
    const t0 = Date.now();
    const r = await l.acquire(req({ weight: 2, deadlineAt: Date.now() + 50 }));
    expect(r).toMatchObject({ ok: false, reason: 'deadline' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await l.acquire(req({ weight: 1, deadlineAt: Date.now() + 50 }))).toMatchObject({ ok: false }); // FIFO: the abandoned job is still ahead
    await b.stop({ dropWaitingJobs: true }).catch(() => {});
  });

  it('pause holds every sharer of the key (in-process), never shortens, and refuses past the deadline', async () => {
    const b = new Bottleneck();
    const l = bottleneckLimiter(b);
    l.pause('k', 150);
    l.pause('k', 10);
    const t0 = Date.now();
    const [paused, other] = await Promise.all([l.acquire(req()), l.acquire(req({ key: 'other' }))]);
    expect(paused.ok && other.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect((other as { waitedMs: number }).waitedMs).toBeLessThan(100);
    l.pause('k', 1000);
    expect(await l.acquire(req({ deadlineAt: Date.now() + 100 }))).toMatchObject({ ok: false, reason: 'deadline' });
    await b.stop();
  });

  it('an abort rejects at once with the reason', async () => {
    const b = new Bottleneck({ maxConcurrent: 1 });
    const gate = b.schedule(() => new Promise((r) => setTimeout(r, 200)));
    const l = bottleneckLimiter(b);
    const ctl = new AbortController();
    const p = l.acquire(req({ signal: ctl.signal }));
    const reason = new Error('caller gave up');
    setTimeout(() => ctl.abort(reason), 20);
    const t0 = Date.now();
    await expect(p).rejects.toBe(reason);
    expect(Date.now() - t0).toBeLessThan(150);
    await expect(l.acquire(req({ signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    await gate;
    await b.stop();
  });

  it('validates its arguments', () => {
    expect(() => bottleneckLimiter({} as never)).toThrow('bottleneckLimiter: bottleneck must be a Bottleneck instance, got an object');
    expect(() => bottleneckLimiter(new Bottleneck(), { priority: 12 })).toThrow(/priority must be an integer from 0 to 9, got 12/);
  });
});
