/**
 * Options, defaults and option checks of `memoryLimiter`.
 * @module
 */
import type { Clock, Sleep } from '../time.js';
import { adaptiveSettings, type AdaptiveOptions, type AdaptiveSettings } from './adaptive.js';
import type { UsedWeightLimit } from './advert/types.js';
import { checkRateLimit, type RateLimit } from './gcra.js';
import type { Limiter } from './types.js';
import { checkObject, checkPositive, invalid, timeOptions } from './validate.js';

/** Options of `memoryLimiter`. */
export interface MemoryLimiterOptions {
  /**
   * A proactive rate for every key. Without it, pauses, the advertised quota and the learned rate hold
   * requests back. It still applies where the server advertises more.
   * @default none
   * @example { limit: 10, intervalMs: 1_000 }
   */
  readonly rateLimit?: RateLimit;
  /**
   * The learned rate after refusals that carry no window (`onThrottle`): cut once per window, recovered
   * along a CUBIC curve within `recoveryMs`. `true` uses the defaults of `AdaptiveOptions`.
   * @default true without `rateLimit`, false with one (a documented limit is already respected)
   * @example { beta: 0.7, recoveryMs: 1_000 }
   */
  readonly adaptive?: boolean | AdaptiveOptions;
  /**
   * Learn each key's quota from the rate-limit headers of every answer (`observe`): IETF `RateLimit` /
   * `RateLimit-Policy`, draft-6/7 `RateLimit-*`, `X-RateLimit-*`, Bybit `X-Bapi-Limit-*`, and the
   * `usedWeight` headers; requests are then paced so the advertised quota lasts until its window ends.
   * @default true
   */
  readonly advertised?: boolean;
  /**
   * Used-weight headers and the limits they count against (they do not carry the limit themselves).
   * @default []
   * @example [{ header: 'x-mbx-used-weight-1m', limit: 6_000 }] // Binance spot, per IP
   */
  readonly usedWeight?: readonly UsedWeightLimit[];
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Abortable sleep that drives the per-key release timer. @default sleep (setTimeout) */
  readonly sleep?: Sleep;
}

/** A snapshot of one key's state (for tests, logs and dashboards). */
export interface KeySnapshot {
  /** Until when a 429's window holds the key (epoch ms; 0 when not paused). */
  readonly pausedUntil: number;
  /** The configured or learned rate in force, units per second (`Infinity` when none). */
  readonly rate: number;
  /** Units the advertised quota still allows before `windowEndsAt` (`Infinity` when nothing is advertised). */
  readonly left: number;
  /** When the advertised window surely ends (epoch ms; 0 when nothing is advertised). */
  readonly windowEndsAt: number;
  /** Units granted and not yet answered. */
  readonly inFlight: number;
  /** Requests waiting. */
  readonly queued: number;
}

/** A `Limiter` that can also report its state. */
export interface MemoryLimiter extends Limiter {
  readonly name: 'memory';
  /** Keys currently held (idle, unpaused keys are evicted). */
  readonly size: number;
  /** The configured or learned rate in force for `key`, in units of weight per second (`Infinity` when none). */
  rateOf(key: string): number;
  /** A snapshot of `key`'s state, or `undefined` for a key not held. */
  stateOf(key: string): KeySnapshot | undefined;
  /** Feedback for the learned rate (it climbs with time; kept for the `Limiter` contract). */
  onSuccess(key: string): void;
  /** Feedback: a refusal without guidance under `key`, for a request sent at `sentAt`. */
  onThrottle(key: string, sentAt?: number): void;
  /** Feedback after every granted send: counts it answered and learns the advertised quota. */
  observe(key: string, headers: Readonly<Record<string, unknown>> | undefined, weight: number, sentAt: number): void;
  /** Clears the release timers; requests still waiting are answered `{ ok: false, reason: 'deadline' }`. */
  close(): Promise<void>;
}

/** The defaults of `MemoryLimiterOptions` and of eviction. */
export const MEMORY_LIMITER_DEFAULTS = Object.freeze({
  /** A key with a learned rate or sends in flight is forgotten after this long unused. */
  idleEvictMs: 60_000,
  /** Idle keys are swept when the map reaches this size (then twice the size left). */
  sweepAt: 1024,
  /** How often (ms) a recovering learned rate is recomputed. */
  adaptStepMs: 10,
});

/** `MemoryLimiterOptions` checked and completed with defaults. */
export interface MemorySettings {
  readonly rate: RateLimit | undefined;
  readonly adaptive: AdaptiveSettings | undefined;
  readonly advertised: boolean;
  readonly usedWeight: readonly UsedWeightLimit[];
  readonly clock: Clock;
  readonly sleep: Sleep;
}

const OWNER = 'memoryLimiter';

function checkUsedWeight(owner: string, value: unknown): readonly UsedWeightLimit[] {
  if (!Array.isArray(value)) invalid(owner, 'usedWeight', 'an array of { header, limit }', value);
  return value.map((w: unknown, i) => {
    checkObject(owner, `usedWeight[${i}]`, w);
    const u = w as UsedWeightLimit;
    if (typeof u.header !== 'string' || u.header === '') invalid(owner, `usedWeight[${i}].header`, 'a header name', u.header);
    checkPositive(owner, `usedWeight[${i}].limit`, u.limit);
    if (u.intervalMs !== undefined) checkPositive(owner, `usedWeight[${i}].intervalMs`, u.intervalMs);
    return Object.freeze({ ...u, header: u.header.toLowerCase() });
  });
}

/**
 * The learning options both backends share (`adaptive`, `advertised`, `usedWeight`), checked in `owner`'s name
 * (a bad one throws a `TypeError` naming it) and filled in: adaptive by default only without a configured rate.
 */
export function learningSettings(
  owner: string,
  opts: Pick<MemoryLimiterOptions, 'adaptive' | 'advertised' | 'usedWeight'>,
  rate: RateLimit | undefined,
): Pick<MemorySettings, 'adaptive' | 'advertised' | 'usedWeight'> {
  const a = opts.adaptive ?? rate === undefined;
  if (typeof a !== 'boolean' && (typeof a !== 'object' || a === null)) invalid(owner, 'adaptive', 'a boolean or an object', a);
  const adaptive: AdaptiveSettings | undefined = a === false ? undefined : adaptiveSettings(owner, a);
  const advertised = opts.advertised ?? true;
  if (typeof advertised !== 'boolean') invalid(owner, 'advertised', 'a boolean', advertised);
  const usedWeight = opts.usedWeight === undefined ? [] : checkUsedWeight(owner, opts.usedWeight);
  return { adaptive, advertised, usedWeight };
}

/** Checks `MemoryLimiterOptions` (a bad one throws a `TypeError` naming it) and fills in the defaults. */
export function memorySettings(opts: MemoryLimiterOptions): MemorySettings {
  checkObject(OWNER, 'options', opts);
  const rate = opts.rateLimit === undefined ? undefined : checkRateLimit(OWNER, 'rateLimit', opts.rateLimit);
  return { rate, ...learningSettings(OWNER, opts, rate), ...timeOptions(OWNER, opts) };
}
