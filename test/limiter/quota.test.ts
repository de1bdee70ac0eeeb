/** The advertised-quota estimate, as pure numbers on explicit times. */
import { describe, expect, it } from 'vitest';
import type { Advert } from '../../src/limiter/advert/types.js';
import { newQuota, quotaEarliest, quotaObserve, quotaTake, READ_EVERY_MS, rollOver, shouldRead } from '../../src/limiter/quota.js';

const ad = (remaining: number, over: Partial<Advert> = {}): Advert => ({ remaining, limit: 100, resetMs: 1_000, coarse: true, windowMs: 1_000, ...over });

describe('advertised quota (pure)', () => {
  it('a first advert: what is left minus what is still in flight, until the window surely ends', () => {
    const q = newQuota(ad(99), 1, 1_000, 1_002, 31); // 32 sent at once, the first answer
    expect(q.left).toBe(68);
    expect(q.endAt).toBe(2_002); // the answered hit happened by 1 002; its window ends within 1 s of it
    expect(q.cap).toBe(100);
  });

  it('paces what is left evenly, finishing a tenth of the time early, then waits for the end', () => {
    const q = newQuota(ad(10), 1, 0, 0, 0); // 10 left, ends at 1 000
    let at = 0;
    const grants: number[] = [];
    while (grants.length < 10) {
      at = quotaEarliest(q, at, 1);
      grants.push(at);
      quotaTake(q, at, 1, 0);
    }
    expect(grants).toEqual([0, 90, 180, 270, 360, 450, 540, 630, 720, 810]);
    expect(quotaEarliest(q, 950, 1)).toBe(1_000); // nothing left: the end of the window
  });

  it('a late wake-up releases every unit that fell due meanwhile (the ramp is cumulative)', () => {
    const q = newQuota(ad(10), 1, 0, 0, 0);
    quotaTake(q, 0, 1, 0);
    const released: number[] = [];
    for (let i = 0; i < 10 && quotaEarliest(q, 500, 1) <= 500; i++) {
      quotaTake(q, 500, 1, 0);
      released.push(500);
    }
    expect(released).toHaveLength(5); // the units due at 90, 180, 270, 360, 450
    expect(quotaEarliest(q, 500, 1)).toBe(540);
  });

  it('rolls over to a full window at the end, and the first answer after it fixes the phase', () => {
    const q = newQuota(ad(0), 1, 0, 5, 0);
    expect(quotaEarliest(q, 10, 1)).toBe(1_005);
    rollOver(q, 1_005, 0);
    expect(q.left).toBe(100);
    expect(q.endAt).toBe(1_005 + 2_000); // phase unknown until an answer: two windows at most
    quotaTake(q, 1_005, 1, 0);
    // @fastify/rate-limit opens a window on the first hit after the last one ended: that hit answers remaining 99
    expect(quotaObserve(q, ad(99), 1, 1_005, 1_007, 0)).toBe(true);
    expect(q.endAt).toBe(2_007);
    expect(q.left).toBe(99);
  });

  it('answers for requests sent before the estimate began describe an older window and are ignored', () => {
    const q = newQuota(ad(50), 1, 100, 102, 0);
    expect(quotaObserve(q, ad(0), 1, 99, 110, 0)).toBe(false);
    expect(q.left).toBe(50);
    rollOver(q, 2_000, 0);
    expect(quotaObserve(q, ad(0), 1, 1_990, 2_001, 0)).toBe(false); // sent before the roll-over
    expect(q.left).toBe(100);
  });

  it('the newest answer (by send time) sets what is left, an older one only lowers it; units it cannot count are spent', () => {
    const q = newQuota(ad(50), 1, 0, 2, 0);
    quotaTake(q, 10, 1, 0);
    quotaTake(q, 20, 1, 1);
    expect(q.left).toBe(48);
    expect(quotaObserve(q, ad(49), 1, 10, 25, 1)).toBe(false); // 49 − 1 uncounted = 48: no news
    expect(quotaObserve(q, ad(30), 1, 20, 30, 0)).toBe(true); // someone else spends the quota too
    expect(q.left).toBe(30);
    expect(quotaObserve(q, ad(45), 1, 15, 40, 0)).toBe(false); // sent before the newest applied: may only lower
    expect(q.left).toBe(30);
    expect(quotaObserve(q, ad(33), 1, 21, 45, 2)).toBe(true); // newer: 33 − 2, the estimate follows it
    expect(q.left).toBe(31);
  });

  it('a heavier request than a whole window waits for a fresh one; queued units are estimated in windows', () => {
    const q = newQuota(ad(3, { limit: 3 }), 1, 0, 0, 0);
    expect(quotaEarliest(q, 0, 5)).toBe(0); // a full bucket lets an over-heavy request through
    expect(quotaEarliest(q, 0, 1, 3)).toBe(1_000);
    expect(quotaEarliest(q, 0, 1, 6)).toBe(2_000);
  });

  it('the limit, when not advertised, is learned as the most ever seen available', () => {
    const q = newQuota(ad(7, { limit: undefined }), 1, 0, 0, 0);
    expect(q.cap).toBe(8);
    quotaObserve(q, ad(9, { limit: undefined }), 1, 1, 2, 0);
    expect(q.cap).toBe(10);
  });

  it('reads adverts when they can change a decision: a fresh window, under half left, or every READ_EVERY_MS', () => {
    const q = newQuota(ad(90), 1, 0, 0, 0);
    expect(shouldRead(q, 1, 0)).toBe(false); // plenty left, just read
    expect(shouldRead(q, READ_EVERY_MS, 0)).toBe(true); // stale
    q.left = 40;
    expect(shouldRead(q, 1, 0)).toBe(true); // under half: every answer counts
    q.left = 90;
    rollOver(q, 1_000, 0);
    expect(shouldRead(q, 1_001, 999)).toBe(false); // sent before the roll-over: of no use
    expect(shouldRead(q, 1_001, 1_000)).toBe(true); // the first answer inside the new estimate fixes its phase
    quotaObserve(q, ad(99), 1, 1_000, 1_001, 0);
    expect(shouldRead(q, 1_002, 1_001)).toBe(false);
  });
});

describe('GrantLog: what an answer cannot count', () => {
  it('units unanswered when its request was granted, and all granted since, itself excluded', async () => {
    const { GrantLog } = await import('../../src/limiter/grant-log.js');
    const g = new GrantLog();
    g.record(100, 1, 1); // A
    g.record(110, 1, 2); // R: A still unanswered
    g.record(120, 1, 2); // B, after A was answered
    g.record(130, 2, 4); // C (weight 2)
    expect(g.uncountedBy(110, 1)).toBe(1 + 1 + 2); // A (in flight with R) + B + C
    expect(g.uncountedBy(100, 1)).toBe(0 + 1 + 1 + 2);
    expect(g.uncountedBy(125, 1)).toBe(2 + 2 - 1); // sent at 125, granted as B (the newest at or before): 2 unanswered then (itself one), C since
    expect(g.uncountedBy(99, 1)).toBeUndefined(); // before anything the log holds
    expect(g.since(120)).toBe(3);
    expect(g.within(50)).toBe(5); // the log holds everything since it began
  });
});
