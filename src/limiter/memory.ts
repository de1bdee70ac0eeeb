/**
 * `memoryLimiter`: the in-process default. Per key, every source of a rate in one state (`key-state.ts`):
 * a 429's pause (pauses never shorten), the configured rate and the learned one (GCRA, the stricter),
 * and the quota the server advertises in its headers (`quota.ts`). Requests that must wait join the key's
 * FIFO queue (`queue.ts`). The fast path (not paused, nobody queued, a slot free) is synchronous: no timer
 * and no allocation (it returns one shared, already-resolved promise).
 * @module
 */
import { AdaptiveState, applyCut, currentRate } from './adaptive.js';
import { readAdvert } from './advert/index.js';
import { emissionInterval, gcraAfterPause, gcraEarliest, ratePerSecond } from './gcra.js';
import { isIdle, KeyState, take } from './key-state.js';
import { MEMORY_LIMITER_DEFAULTS, memorySettings, type MemoryLimiter, type MemoryLimiterOptions } from './memory-options.js';
import { RateMeter } from './meter.js';
import { newQuota, quotaEarliest, quotaObserve, rollOver, shouldRead } from './quota.js';
import { GrantLog } from './grant-log.js';
import { Queues } from './queue.js';
import { SlidingLog } from './sliding-log.js';
import { badWeight, show } from './validate.js';
import { GRANTED_NOW } from './wait.js';

export type { KeySnapshot, MemoryLimiter, MemoryLimiterOptions } from './memory-options.js';

const OWNER = 'memoryLimiter';

/**
 * Creates the in-process limiter.
 * @example
 * const limiter = memoryLimiter({ rateLimit: { limit: 10, intervalMs: 1_000 } });
 * const r = await limiter.acquire({ key: 'api', weight: 1, deadlineAt: Date.now() + 5_000 });
 */
export function memoryLimiter(opts: MemoryLimiterOptions = {}): MemoryLimiter {
  const { rate, adaptive, advertised, usedWeight, clock, sleep } = memorySettings(opts);

  const baseSpacing = rate === undefined ? 0 : emissionInterval(rate);
  const burst = rate?.burst ?? 1;
  /**
   * Timers and `Date.now()` tick in whole ms, and a late wake-up forfeits GCRA credit, so a rate of more
   * than one unit per ms needs at least one ms worth of burst to be reachable at all.
   */
  const burstFor = (spacing: number): number => (spacing > 0 && spacing < 1 ? Math.max(burst, 1 / spacing) : burst);
  const ceiling = rate === undefined ? Infinity : ratePerSecond(rate);
  const states = new Map<string, KeyState>();
  let sweepAt: number = MEMORY_LIMITER_DEFAULTS.sweepAt;

  const create = (key: string, now: number): KeyState => {
    if (states.size >= sweepAt) {
      for (const [k, st] of states) if (isIdle(st, now, MEMORY_LIMITER_DEFAULTS.idleEvictMs)) states.delete(k);
      sweepAt = Math.max(MEMORY_LIMITER_DEFAULTS.sweepAt, states.size * 2);
    }
    const log = rate === undefined ? undefined : new SlidingLog(rate.limit, rate.intervalMs);
    const s = new KeyState(baseSpacing, burstFor(baseSpacing), adaptive === undefined ? undefined : new RateMeter(), log);
    states.set(key, s);
    return s;
  };

  /** Applies the learned rate at `now` to the key's spacing; true when the spacing changed. */
  const respace = (s: KeyState, now: number): boolean => {
    const r = s.adaptive === undefined || adaptive === undefined ? Infinity : currentRate(s.adaptive, now, adaptive);
    s.adaptAt = r === Infinity ? Infinity : now + MEMORY_LIMITER_DEFAULTS.adaptStepMs;
    const learned = r === Infinity ? 0 : 1000 / r;
    const t = learned > baseSpacing ? learned : baseSpacing;
    if (t === s.spacing) return false;
    s.spacing = t;
    s.burst = burstFor(t);
    if (t > 0 && s.pausedUntil > now) s.tat = gcraAfterPause(s.tat, s.pausedUntil, t, s.burst);
    return true;
  };

  const queues = new Queues(clock, sleep, (s, now) => {
    if (now >= s.adaptAt) respace(s, now);
  });

  /** Is a slot free right now (the caller checked: not paused, nobody queued)? */
  const free = (s: KeyState, w: number, now: number): boolean => {
    if (now >= s.adaptAt && respace(s, now) && s.queue.length > 0) queues.rearm(s);
    const t = s.spacing;
    if (t > 0 && gcraEarliest(s.tat, now, w, t, s.burst) > now) return false;
    if (s.log !== undefined && s.log.earliest(now, w) > now) return false;
    const q = s.quota;
    if (q === undefined) return true;
    rollOver(q, now, s.inFlight, s.grants);
    if (quotaEarliest(q, now, w) > now) return false;
    return s.quotaLog === undefined || s.quotaLog.earliest(now, w) <= now;
  };

  const rateOf = (key: string): number => {
    const s = states.get(key);
    if (s !== undefined && s.adaptive !== undefined) respace(s, clock.now());
    const t = s === undefined ? baseSpacing : s.spacing;
    return t === 0 ? Infinity : 1000 / t;
  };

  return {
    name: 'memory',
    get size() {
      return states.size;
    },
    rateOf,
    stateOf(key) {
      const s = states.get(key);
      if (s === undefined) return undefined;
      const now = clock.now();
      const q = s.quota;
      if (q !== undefined) rollOver(q, now, s.inFlight, s.grants);
      return Object.freeze({
        pausedUntil: s.pausedUntil > now ? s.pausedUntil : 0,
        rate: rateOf(key),
        left: q === undefined ? Infinity : Math.max(0, q.left),
        windowEndsAt: q === undefined ? 0 : q.endAt,
        inFlight: s.inFlight,
        queued: s.queue.length,
      });
    },
    acquire(req) {
      const w = req.weight;
      if (!(w >= 0 && w !== Infinity)) return Promise.reject(badWeight(OWNER, w));
      const signal = req.signal;
      if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
      const now = clock.now();
      const s = states.get(req.key) ?? create(req.key, now);
      s.lastUsed = now;
      if (s.queue.length === 0 && s.pausedUntil <= now && free(s, w, now)) {
        take(s, w, now);
        return GRANTED_NOW;
      }
      return queues.enqueue(s, req, now);
    },
    pause(key, ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`${OWNER}.pause: ms must be a finite number, got ${show(ms)}`);
      if (ms <= 0) return;
      const now = clock.now();
      const s = states.get(key) ?? create(key, now);
      const until = now + ms;
      if (until <= s.pausedUntil) return;
      s.pausedUntil = until;
      if (s.spacing > 0) s.tat = gcraAfterPause(s.tat, until, s.spacing, s.burst);
      queues.recheck(s, now);
    },
    onThrottle(key, sentAt) {
      if (adaptive === undefined) return;
      const now = clock.now();
      const s = states.get(key) ?? create(key, now);
      s.adaptive ??= new AdaptiveState();
      const measured = s.meter === undefined ? 0 : s.meter.rate(now);
      if (!applyCut(s.adaptive, now, sentAt ?? -Infinity, measured, ceiling, adaptive)) return;
      respace(s, now);
      queues.recheck(s, now);
    },
    onSuccess(key) {
      const s = states.get(key);
      if (s === undefined || s.adaptive === undefined) return;
      const now = clock.now();
      if (now >= s.adaptAt && respace(s, now) && s.queue.length > 0) queues.rearm(s);
    },
    observe(key, headers, weight, sentAt) {
      const s = states.get(key);
      if (s === undefined) return;
      s.inFlight = s.inFlight > weight ? s.inFlight - weight : 0;
      if (headers === undefined || !advertised) return;
      const now = clock.now();
      if (s.quota !== undefined && !shouldRead(s.quota, now, sentAt)) return;
      const a = readAdvert(headers, now, usedWeight);
      if (a === undefined) return;
      // Not counted in `remaining`: every unit unanswered when this request was granted, or granted since (any
      // of them may have hit the server after it); when the log does not reach back, what is in flight and
      // what was granted since one of its round trips before it left.
      // (the grant log starts with the first advert: until then, what is in flight is the exact count)
      const grants = s.grants ?? (s.grants = new GrantLog());
      const exact = grants.uncountedBy(sentAt, weight);
      const rough = Math.max(s.inFlight, grants.since(sentAt - (now - sentAt)) - weight);
      const uncounted = exact ?? rough;
      let changed = true;
      if (s.quota === undefined) s.quota = newQuota(a, weight, sentAt, now, uncounted, grants.within(now - (a.windowMs ?? a.resetMs)));
      else changed = quotaObserve(s.quota, a, weight, sentAt, now, uncounted, grants);
      const q = s.quota;
      if (s.quotaLog === undefined) {
        s.quotaLog = new SlidingLog(q.cap, q.windowMs);
        const recent = grants.within(now - q.windowMs); // what the backstop must already hold
        if (recent !== undefined && recent > 0) s.quotaLog.record(now, recent);
      } else {
        s.quotaLog.limit = q.cap;
        s.quotaLog.intervalMs = q.windowMs;
      }
      if (changed && s.queue.length > 0) queues.recheck(s, now);
    },
    async close() {
      const now = clock.now();
      for (const s of states.values()) queues.close(s, now);
      states.clear();
    },
  };
}
