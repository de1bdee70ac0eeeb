/**
 * `memoryLimiter`: the in-process default. Per key: a pause-until time (pauses never shorten) and, when a
 * rate is in force (configured, or set by the adaptive rate after a throttle), a GCRA bucket. Requests that
 * must wait join a FIFO queue per key; one timer per key releases them in order, spaced by the rate, so
 * nothing stampedes when a pause ends. The fast path (not paused, nobody queued, a slot free) is
 * synchronous: no timer and no allocation (it returns one shared, already-resolved promise).
 * @module
 */
import { AimdState, applySuccess, applyThrottle, RateMeter } from './aimd.js';
import { emissionInterval, gcraAdvance, gcraAfterPause, gcraEarliest, ratePerSecond } from './gcra.js';
import { MEMORY_LIMITER_DEFAULTS, memorySettings, type MemoryLimiter, type MemoryLimiterOptions } from './memory-options.js';
import type { AcquireRequest, AcquireResult } from './types.js';
import { badWeight, show } from './validate.js';
import { GRANTED_NOW, MAX_TIMER_MS, granted, pastDeadline } from './wait.js';

export type { MemoryLimiter, MemoryLimiterOptions } from './memory-options.js';

const OWNER = 'memoryLimiter';
const noop = (): void => {};

class Waiter {
  onAbort: (() => void) | undefined = undefined;
  constructor(
    readonly weight: number,
    readonly deadlineAt: number,
    readonly signal: AbortSignal | undefined,
    readonly since: number,
    readonly resolve: (r: AcquireResult) => void,
    readonly reject: (e: unknown) => void,
  ) {}
}

class KeyState {
  pausedUntil = 0;
  tat = 0;
  queue: Waiter[] = [];
  queuedWeight = 0;
  wake: AbortController | undefined = undefined;
  nextAt = 0;
  spreadGap = 0;
  lastUsed = 0;
  aimd: AimdState | undefined = undefined;
  constructor(
    public spacing: number,
    public burst: number,
    readonly meter: RateMeter | undefined,
  ) {}
}

/**
 * Creates the in-process limiter.
 * @example
 * const limiter = memoryLimiter({ rateLimit: { limit: 10, intervalMs: 1_000 } });
 * const r = await limiter.acquire({ key: 'api', weight: 1, deadlineAt: Date.now() + 5_000 });
 */
export function memoryLimiter(opts: MemoryLimiterOptions = {}): MemoryLimiter {
  const { rate, adaptive, spread, clock, sleep, random } = memorySettings(opts);

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

  const create = (key: string): KeyState => {
    if (states.size >= sweepAt) sweep(clock.now());
    const s = new KeyState(baseSpacing, burstFor(baseSpacing), adaptive === undefined ? undefined : new RateMeter());
    states.set(key, s);
    return s;
  };

  const sweep = (now: number): void => {
    for (const [k, s] of states) {
      const calm = s.aimd === undefined || s.aimd.rate === Infinity || now - s.lastUsed >= MEMORY_LIMITER_DEFAULTS.idleEvictMs;
      if (s.queue.length === 0 && s.pausedUntil <= now && s.tat <= now && calm) states.delete(k);
    }
    sweepAt = Math.max(MEMORY_LIMITER_DEFAULTS.sweepAt, states.size * 2);
  };

  /** When a request of `weight` behind `ahead` queued units could go. */
  const earliest = (s: KeyState, weight: number, now: number, ahead: number): number => {
    const from = s.pausedUntil > now ? s.pausedUntil : now;
    const t = s.spacing;
    if (t === 0) return s.nextAt > from ? s.nextAt : from;
    return gcraEarliest(s.tat + ahead * t, from, weight, t, s.burst);
  };

  const detach = (s: KeyState, w: Waiter): void => {
    s.queuedWeight -= w.weight;
    if (w.onAbort !== undefined) w.signal?.removeEventListener('abort', w.onAbort);
  };

  const grant = (s: KeyState, w: Waiter, now: number): void => {
    if (s.spacing > 0) s.tat = gcraAdvance(s.tat, now, w.weight, s.spacing);
    else if (spread > 0 && s.queue.length > 0) {
      if (s.spreadGap === 0) s.spreadGap = spread / (s.queue.length + 1);
      s.nextAt = now + s.spreadGap * 2 * random();
    }
    s.meter?.record(now, w.weight);
    w.resolve(granted(now - w.since));
  };

  const drain = (s: KeyState): void => {
    s.wake = undefined;
    for (;;) {
      const head = s.queue[0];
      if (head === undefined) {
        s.nextAt = 0;
        s.spreadGap = 0;
        return;
      }
      const now = clock.now();
      const at = earliest(s, head.weight, now, 0);
      if (at > now && at <= head.deadlineAt) {
        const ctl = new AbortController();
        s.wake = ctl;
        sleep(Math.min(Math.ceil(at - now), MAX_TIMER_MS), ctl.signal).then(() => {
          if (s.wake === ctl) drain(s);
        }, noop);
        return;
      }
      s.queue.shift();
      detach(s, head);
      if (at <= now) grant(s, head, now);
      else head.resolve(pastDeadline(at - now));
    }
  };

  const rearm = (s: KeyState): void => {
    const ctl = s.wake;
    s.wake = undefined;
    ctl?.abort();
    drain(s);
  };

  /** After a pause or a rate cut: refuse at once the waiters whose turn now falls past their deadline. */
  const recheck = (s: KeyState, now: number): void => {
    if (s.queue.length === 0) return;
    const from = s.pausedUntil > now ? s.pausedUntil : now;
    const t = s.spacing;
    let tail = s.tat;
    let headGone = false;
    const kept: Waiter[] = [];
    for (const w of s.queue) {
      const at = t === 0 ? Math.max(from, s.nextAt) : gcraEarliest(tail, from, w.weight, t, s.burst);
      if (at > w.deadlineAt) {
        detach(s, w);
        w.resolve(pastDeadline(at - now));
        if (kept.length === 0) headGone = true;
      } else {
        kept.push(w);
        if (t > 0) tail = gcraAdvance(tail, at, w.weight, t);
      }
    }
    s.queue = kept;
    if (headGone) rearm(s);
  };

  const cancel = (s: KeyState, w: Waiter): void => {
    const i = s.queue.indexOf(w);
    if (i < 0) return;
    s.queue.splice(i, 1);
    s.queuedWeight -= w.weight;
    w.reject(w.signal?.reason);
    if (i === 0) rearm(s);
  };

  const enqueue = (s: KeyState, req: AcquireRequest, now: number): Promise<AcquireResult> => {
    const at = earliest(s, req.weight, now, s.queuedWeight);
    if (at > req.deadlineAt) return Promise.resolve(pastDeadline(at - now));
    return new Promise<AcquireResult>((resolve, reject) => {
      const w = new Waiter(req.weight, req.deadlineAt, req.signal, now, resolve, reject);
      if (req.signal !== undefined) {
        w.onAbort = () => cancel(s, w);
        req.signal.addEventListener('abort', w.onAbort, { once: true });
      }
      s.queue.push(w);
      s.queuedWeight += w.weight;
      if (s.wake === undefined) drain(s);
    });
  };

  /** Applies the adaptive rate to the key's spacing. */
  const respace = (s: KeyState, now: number): void => {
    const r = s.aimd === undefined ? Infinity : s.aimd.rate;
    const adaptiveSpacing = r === Infinity ? 0 : 1000 / r;
    const t = adaptiveSpacing > baseSpacing ? adaptiveSpacing : baseSpacing;
    if (t === s.spacing) return;
    s.spacing = t;
    s.burst = burstFor(t);
    if (t > 0 && s.pausedUntil > now) s.tat = gcraAfterPause(s.tat, s.pausedUntil, t, s.burst);
    if (t === 0 && s.queue.length > 0) rearm(s);
  };

  return {
    name: 'memory',
    get size() {
      return states.size;
    },
    rateOf(key) {
      const s = states.get(key);
      const t = s === undefined ? baseSpacing : s.spacing;
      return t === 0 ? Infinity : 1000 / t;
    },
    acquire(req) {
      const w = req.weight;
      if (!(w >= 0 && w !== Infinity)) return Promise.reject(badWeight(OWNER, w));
      const signal = req.signal;
      if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
      const now = clock.now();
      const s = states.get(req.key) ?? create(req.key);
      s.lastUsed = now;
      if (s.queue.length === 0 && s.pausedUntil <= now) {
        const t = s.spacing;
        if (t === 0) {
          s.meter?.record(now, w);
          return GRANTED_NOW;
        }
        if (gcraEarliest(s.tat, now, w, t, s.burst) <= now) {
          s.tat = gcraAdvance(s.tat, now, w, t);
          s.meter?.record(now, w);
          return GRANTED_NOW;
        }
      }
      return enqueue(s, req, now);
    },
    pause(key, ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`${OWNER}.pause: ms must be a finite number, got ${show(ms)}`);
      if (ms <= 0) return;
      const now = clock.now();
      const s = states.get(key) ?? create(key);
      const until = now + ms;
      if (until <= s.pausedUntil) return;
      s.pausedUntil = until;
      if (s.spacing > 0) s.tat = gcraAfterPause(s.tat, until, s.spacing, s.burst);
      recheck(s, now);
    },
    onThrottle(key) {
      if (adaptive === undefined) return;
      const now = clock.now();
      const s = states.get(key) ?? create(key);
      s.aimd ??= new AimdState();
      const measured = s.meter === undefined ? 0 : s.meter.rate(now);
      if (!applyThrottle(s.aimd, now, measured, ceiling, adaptive)) return;
      respace(s, now);
      recheck(s, now);
    },
    onSuccess(key) {
      const s = states.get(key);
      if (s === undefined || s.aimd === undefined || s.aimd.rate === Infinity) return;
      const now = clock.now();
      if (applySuccess(s.aimd, now)) respace(s, now);
    },
    async close() {
      const now = clock.now();
      for (const s of states.values()) {
        const ctl = s.wake;
        s.wake = undefined;
        ctl?.abort();
        const waiting = s.queue;
        s.queue = [];
        for (const w of waiting) {
          detach(s, w);
          w.resolve(pastDeadline(earliest(s, w.weight, now, 0) - now));
        }
      }
      states.clear();
    },
  };
}
