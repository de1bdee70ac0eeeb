/**
 * Options, defaults and option checks of `redisLimiter`.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import type { Clock, Sleep } from '../time.js';
import type { AdaptiveOptions, AdaptiveSettings } from './adaptive.js';
import type { UsedWeightLimit } from './advert/types.js';
import { checkRateLimit, type RateLimit } from './gcra.js';
import { learningSettings } from './memory-options.js';
import type { Limiter } from './types.js';
import { checkFunction, checkNonNegative, checkObject, checkPositive, invalid, timeOptions } from './validate.js';

/** The in-process fallback used while Redis does not answer. */
export interface InsuranceOptions {
  /** The fallback's rate. @default rateLimit with `limit / processes` */
  readonly rateLimit?: RateLimit;
  /** How many processes are expected to share the limit (each falls back to its share). @default 1 */
  readonly processes?: number;
}

/** Options of `redisLimiter`. */
export interface RedisLimiterOptions {
  /** An ioredis client, or an ioredis `Cluster`. Never quit or reconfigured by the limiter. */
  readonly client: Redis | Cluster;
  /**
   * The rate shared by every process, per key. Without it, pauses, the advertised quota and the learned rate
   * are shared.
   * @default none
   * @example { limit: 50, intervalMs: 1_000 }
   */
  readonly rateLimit?: RateLimit;
  /** Prefix of the Redis keys (`<prefix>{<key>}:rate`, `…:pause`, …). @default 'resolute:limit:' */
  readonly keyPrefix?: string;
  /**
   * Ms added to `intervalMs` when spacing sends, so that jitter between Redis and the API cannot push a
   * sliding window over the limit: the least margin. The margin in force is 1.25 × the lag the processes
   * measure (from the moment Redis confirms a send to its answer, fed by `observe`), between `marginMs` and
   * `maxMarginMs`, and `maxMarginMs` until a lag is measured. Costs about `margin / intervalMs` of throughput
   * (≈ 5 % at 50 ms over 1 s, 9 % at 100 ms).
   * @default 50
   */
  readonly marginMs?: number;
  /**
   * The most the margin may grow to with the measured lag (and its value before any is measured). Arrival
   * jitter beyond it can push a window over the limit; at 100 ms a per-second limit keeps ≥ 90.9 % throughput.
   * @default 100
   */
  readonly maxMarginMs?: number;
  /**
   * The learned rate after refusals that name no window, shared by every process (`true`: the defaults).
   * @default true without `rateLimit`, false with one
   */
  readonly adaptive?: boolean | AdaptiveOptions;
  /** Learn the quota the server advertises in its headers, shared by every process. @default true */
  readonly advertised?: boolean;
  /** Used-weight headers and their limits (Binance). @default [] */
  readonly usedWeight?: readonly UsedWeightLimit[];
  /** The in-process fallback. @default { processes: 1 } */
  readonly insurance?: InsuranceOptions;
  /** Longest wait for one Redis command before falling back. @default 200 */
  readonly commandTimeoutMs?: number;
  /** After a Redis failure, how long to serve from insurance before asking Redis again. @default 1000 */
  readonly recheckMs?: number;
  /** Told about every Redis failure (for logs). @default none */
  readonly onError?: (error: unknown) => void;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Abortable sleep. @default sleep (setTimeout) */
  readonly sleep?: Sleep;
}

/**
 * A `Limiter` backed by Redis: the pause, the configured rate, the learned rate and the advertised quota are
 * shared by every process. An abort is honoured at once while waiting, and within one Redis round trip (at
 * most `commandTimeoutMs`) while a command is in flight.
 */
export interface RedisLimiter extends Limiter {
  readonly name: 'redis';
  /** True while Redis is not known good: a command failed within `recheckMs`, or the client is not `ready`. */
  readonly degraded: boolean;
  /** This process's measured lag (ms, decaying): the confirm's round trip plus the answer's. */
  readonly lagMs: number;
  /** Forgets local pause state and closes the insurance limiter; the caller's client is left alone. */
  close(): Promise<void>;
}

/** The defaults of `RedisLimiterOptions`. */
export const REDIS_LIMITER_DEFAULTS = Object.freeze({
  /** Default of `RedisLimiterOptions.keyPrefix`. */
  keyPrefix: 'resolute:limit:',
  /** Default of `RedisLimiterOptions.marginMs`. */
  marginMs: 50,
  /** Default of `RedisLimiterOptions.maxMarginMs`: throughput stays at or above 1000 / 1100 ≈ 90.9 % of a per-second limit. */
  maxMarginMs: 100,
  /** Default of `InsuranceOptions.processes`. */
  processes: 1,
  /** Default of `RedisLimiterOptions.commandTimeoutMs`. */
  commandTimeoutMs: 200,
  /** Default of `RedisLimiterOptions.recheckMs`. */
  recheckMs: 1000,
});

/** `RedisLimiterOptions` checked and completed. */
export interface RedisSettings {
  readonly client: Redis | Cluster;
  readonly rate: RateLimit | undefined;
  readonly prefix: string;
  readonly margin: number;
  readonly maxMargin: number;
  readonly adaptive: AdaptiveSettings | undefined;
  readonly advertised: boolean;
  readonly usedWeight: readonly UsedWeightLimit[];
  readonly fallbackRate: RateLimit | undefined;
  readonly timeoutMs: number;
  readonly recheckMs: number;
  readonly onError: ((error: unknown) => void) | undefined;
  readonly clock: Clock;
  readonly sleep: Sleep;
}

const OWNER = 'redisLimiter';

function insuranceRate(rate: RateLimit | undefined, o: InsuranceOptions | undefined): RateLimit | undefined {
  if (o?.rateLimit !== undefined) return checkRateLimit(OWNER, 'insurance.rateLimit', o.rateLimit);
  const n = o?.processes ?? REDIS_LIMITER_DEFAULTS.processes;
  if (!Number.isInteger(n) || n < 1) invalid(OWNER, 'insurance.processes', 'an integer >= 1', n);
  if (rate === undefined) return undefined;
  return { limit: rate.limit / n, intervalMs: rate.intervalMs, burst: Math.max(1, (rate.burst ?? 1) / n) };
}

/** Checks `RedisLimiterOptions` (a bad one throws a `TypeError` naming it) and fills in the defaults. */
export function redisSettings(opts: RedisLimiterOptions): RedisSettings {
  checkObject(OWNER, 'options', opts);
  const client = opts.client;
  if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function' || typeof client.status !== 'string') {
    invalid(OWNER, 'client', 'an ioredis client', client);
  }
  const rate = opts.rateLimit === undefined ? undefined : checkRateLimit(OWNER, 'rateLimit', opts.rateLimit);
  const prefix = opts.keyPrefix ?? REDIS_LIMITER_DEFAULTS.keyPrefix;
  if (typeof prefix !== 'string') invalid(OWNER, 'keyPrefix', 'a string', prefix);
  const margin = checkNonNegative(OWNER, 'marginMs', opts.marginMs ?? REDIS_LIMITER_DEFAULTS.marginMs);
  const maxMargin = checkNonNegative(OWNER, 'maxMarginMs', opts.maxMarginMs ?? Math.max(margin, REDIS_LIMITER_DEFAULTS.maxMarginMs));
  if (maxMargin < margin) invalid(OWNER, 'maxMarginMs', `at least marginMs (${margin})`, maxMargin);
  if (opts.insurance !== undefined) checkObject(OWNER, 'insurance', opts.insurance);
  const learning = learningSettings(OWNER, opts, rate);
  const timeoutMs = checkPositive(OWNER, 'commandTimeoutMs', opts.commandTimeoutMs ?? REDIS_LIMITER_DEFAULTS.commandTimeoutMs);
  const recheckMs = checkNonNegative(OWNER, 'recheckMs', opts.recheckMs ?? REDIS_LIMITER_DEFAULTS.recheckMs);
  if (opts.onError !== undefined) checkFunction(OWNER, 'onError', opts.onError);
  return {
    client,
    rate,
    prefix,
    margin,
    maxMargin,
    ...learning,
    fallbackRate: insuranceRate(rate, opts.insurance),
    timeoutMs,
    recheckMs,
    onError: opts.onError,
    ...timeOptions(OWNER, opts),
  };
}
