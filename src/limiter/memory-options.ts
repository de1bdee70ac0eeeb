/**
 * Options, defaults and option checks of `memoryLimiter`.
 * @module
 */
import type { Clock, Sleep } from '../time.js';
import { adaptiveSettings, type AdaptiveOptions, type AdaptiveSettings } from './aimd.js';
import { checkRateLimit, type RateLimit } from './gcra.js';
import type { Limiter } from './types.js';
import { checkFunction, checkNonNegative, checkObject, invalid, timeOptions } from './validate.js';

/** Options of `memoryLimiter`. */
export interface MemoryLimiterOptions {
  /**
   * A proactive rate for every key. Without it, only pauses (and the adaptive rate) hold requests back.
   * @default none
   * @example { limit: 10, intervalMs: 1_000 }
   */
  readonly rateLimit?: RateLimit;
  /**
   * AIMD rate on `onThrottle` / `onSuccess` feedback; `true` uses the defaults of `AdaptiveOptions`.
   * @default true without `rateLimit`, false with one (a documented limit is already respected)
   * @example { beta: 0.7, minRate: 1 }
   */
  readonly adaptive?: boolean | AdaptiveOptions;
  /**
   * With no rate in force, requests held back by a pause are released over about this many ms (in order,
   * at random gaps) rather than all at once.
   * @default 100
   */
  readonly resumeSpreadMs?: number;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Abortable sleep that drives the per-key release timer. @default sleep (setTimeout) */
  readonly sleep?: Sleep;
  /** Randomness in [0, 1), for the resume spread. @default Math.random */
  readonly random?: () => number;
}

/** A `Limiter` that can also report its state. */
export interface MemoryLimiter extends Limiter {
  readonly name: 'memory';
  /** Keys currently held (idle, unpaused keys are evicted). */
  readonly size: number;
  /** The rate in force for `key`, in units of weight per second (`Infinity` when none). */
  rateOf(key: string): number;
  /** Adaptive feedback: lets the key's lowered rate climb back (no-op when `adaptive` is off). */
  onSuccess(key: string): void;
  /** Adaptive feedback: cuts the key's rate (no-op when `adaptive` is off). */
  onThrottle(key: string): void;
  /** Clears the release timers; requests still waiting are answered `{ ok: false, reason: 'deadline' }`. */
  close(): Promise<void>;
}

/** The defaults of `MemoryLimiterOptions` and of eviction. */
export const MEMORY_LIMITER_DEFAULTS = Object.freeze({
  /** Default of `MemoryLimiterOptions.resumeSpreadMs`. */
  resumeSpreadMs: 100,
  /** A key with a lowered adaptive rate is forgotten after this long unused. */
  idleEvictMs: 60_000,
  /** Idle keys are swept when the map reaches this size (then twice the size left). */
  sweepAt: 1024,
});

/** `MemoryLimiterOptions` checked and completed with defaults. */
export interface MemorySettings {
  readonly rate: RateLimit | undefined;
  readonly adaptive: AdaptiveSettings | undefined;
  readonly spread: number;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
}

const OWNER = 'memoryLimiter';

/** Checks `MemoryLimiterOptions` (a bad one throws a `TypeError` naming it) and fills in the defaults. */
export function memorySettings(opts: MemoryLimiterOptions): MemorySettings {
  checkObject(OWNER, 'options', opts);
  const rate = opts.rateLimit === undefined ? undefined : checkRateLimit(OWNER, 'rateLimit', opts.rateLimit);
  const a = opts.adaptive ?? rate === undefined;
  if (typeof a !== 'boolean' && (typeof a !== 'object' || a === null)) invalid(OWNER, 'adaptive', 'a boolean or an object', a);
  const adaptive: AdaptiveSettings | undefined = a === false ? undefined : adaptiveSettings(OWNER, a);
  const spread = checkNonNegative(OWNER, 'resumeSpreadMs', opts.resumeSpreadMs ?? MEMORY_LIMITER_DEFAULTS.resumeSpreadMs);
  const time = timeOptions(OWNER, opts);
  if (opts.random !== undefined) checkFunction(OWNER, 'random', opts.random);
  return { rate, adaptive, spread, ...time, random: opts.random ?? Math.random };
}
