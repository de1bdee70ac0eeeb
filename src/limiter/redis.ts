/**
 * `redisLimiter`: one rate and one pause per key, shared by every process through Redis.
 *
 * Why a custom Lua script and not rate-limiter-flexible's `RateLimiterRedis`: its counters are fixed
 * windows (INCR + PEXPIRE), which let up to twice the limit through across a window edge, and its
 * `block()` works in whole-window units. The promise here is that server-side arrivals in every sliding
 * window stay at or under the limit, so the script runs GCRA with reservations (grants spaced
 * `(intervalMs + marginMs) / limit` apart, burst 1 by default) and checks the shared pause in the same
 * atomic round trip. The margin absorbs the jitter between Redis granting a slot and the request reaching
 * the API.
 *
 * Redis down, hung or restarting never hangs or crashes a caller: commands are not sent while the client
 * is reconnecting or closed (so the caller's offline queue does not fill up), every command is bounded by
 * `commandTimeoutMs`, and after a failure the limiter serves from an in-process `memoryLimiter`
 * ("insurance", the limit divided by `insurance.processes`) for `recheckMs` before asking Redis again.
 * Sharing resumes by itself once Redis answers; pauses set while it was away are replayed then.
 * @module
 */
import type { Redis } from 'ioredis';
import type { Clock, Sleep } from '../time.js';
import { checkRateLimit, emissionInterval, type RateLimit } from './gcra.js';
import { memoryLimiter } from './memory.js';
import type { MemoryLimiter } from './memory-options.js';
import { ACQUIRE, PAUSE, PEEK, RELEASE, parseAcquire, parseMs, runScript, withTimeout, type LuaScript } from './redis-scripts.js';
import type { AcquireResult, Limiter } from './types.js';
import { badWeight, checkFunction, checkNonNegative, checkObject, checkPositive, invalid, show, timeOptions } from './validate.js';
import { GRANTED, granted, pastDeadline, sleepFor } from './wait.js';

/** The in-process fallback used while Redis does not answer. */
export interface InsuranceOptions {
  /** The fallback's rate. @default rateLimit with `limit / processes` */
  readonly rateLimit?: RateLimit;
  /** How many processes are expected to share the limit (each falls back to its share). @default 1 */
  readonly processes?: number;
}

/** Options of `redisLimiter`. */
export interface RedisLimiterOptions {
  /** An ioredis client. Never quit or reconfigured by the limiter. */
  readonly client: Redis;
  /**
   * The rate shared by every process, per key. Without it, only pauses are shared.
   * @default none
   * @example { limit: 50, intervalMs: 1_000 }
   */
  readonly rateLimit?: RateLimit;
  /** Prefix of the Redis keys (`<prefix>{<key>}:rate`, `<prefix>{<key>}:pause`). @default 'resolute:limit:' */
  readonly keyPrefix?: string;
  /**
   * Ms added to `intervalMs` when spacing grants, so jitter between Redis and the API cannot push a sliding
   * window over the limit. Costs about `marginMs / intervalMs` of throughput (≈ 5 % at 1 s, 0.1 % at 1 min).
   * @default 50
   */
  readonly marginMs?: number;
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
 * A `Limiter` backed by Redis. It has no adaptive rate (`onSuccess` / `onThrottle`): the shared rate is the
 * configured one, and 429s are shared as pauses. An abort is honoured at once while waiting, and within
 * one Redis round trip (at most `commandTimeoutMs`) while a command is in flight.
 */
export interface RedisLimiter extends Limiter {
  readonly name: 'redis';
  /** True while Redis is not known good: a command failed within `recheckMs`, or the client is not `ready`. */
  readonly degraded: boolean;
  /** Forgets local pause state and closes the insurance limiter; the caller's client is left alone. */
  close(): Promise<void>;
}

/** The defaults of `RedisLimiterOptions`. */
export const REDIS_LIMITER_DEFAULTS = Object.freeze({
  /** Default of `RedisLimiterOptions.keyPrefix`. */
  keyPrefix: 'resolute:limit:',
  /** Default of `RedisLimiterOptions.marginMs`. */
  marginMs: 50,
  /** Default of `InsuranceOptions.processes`. */
  processes: 1,
  /** Default of `RedisLimiterOptions.commandTimeoutMs`. */
  commandTimeoutMs: 200,
  /** Default of `RedisLimiterOptions.recheckMs`. */
  recheckMs: 1000,
});

const OWNER = 'redisLimiter';
const fmt = (n: number): string => (n > 1e12 ? '1e12' : n < -1e12 ? '-1e12' : n.toFixed(3));

function insuranceRate(rate: RateLimit | undefined, o: InsuranceOptions | undefined): RateLimit | undefined {
  if (o?.rateLimit !== undefined) return checkRateLimit(OWNER, 'insurance.rateLimit', o.rateLimit);
  const n = o?.processes ?? REDIS_LIMITER_DEFAULTS.processes;
  if (!Number.isInteger(n) || n < 1) invalid(OWNER, 'insurance.processes', 'an integer >= 1', n);
  if (rate === undefined) return undefined;
  return { limit: rate.limit / n, intervalMs: rate.intervalMs, burst: Math.max(1, (rate.burst ?? 1) / n) };
}

/**
 * Creates a limiter shared through Redis.
 * @example
 * const limiter = redisLimiter({ client: new Redis(url), rateLimit: { limit: 50, intervalMs: 1_000 }, insurance: { processes: 4 } });
 */
export function redisLimiter(opts: RedisLimiterOptions): RedisLimiter {
  checkObject(OWNER, 'options', opts);
  const client = opts.client;
  if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function' || typeof client.status !== 'string') {
    invalid(OWNER, 'client', 'an ioredis client', client);
  }
  const rate = opts.rateLimit === undefined ? undefined : checkRateLimit(OWNER, 'rateLimit', opts.rateLimit);
  const prefix = opts.keyPrefix ?? REDIS_LIMITER_DEFAULTS.keyPrefix;
  if (typeof prefix !== 'string') invalid(OWNER, 'keyPrefix', 'a string', prefix);
  const margin = checkNonNegative(OWNER, 'marginMs', opts.marginMs ?? REDIS_LIMITER_DEFAULTS.marginMs);
  if (opts.insurance !== undefined) checkObject(OWNER, 'insurance', opts.insurance);
  const timeoutMs = checkPositive(OWNER, 'commandTimeoutMs', opts.commandTimeoutMs ?? REDIS_LIMITER_DEFAULTS.commandTimeoutMs);
  const recheckMs = checkNonNegative(OWNER, 'recheckMs', opts.recheckMs ?? REDIS_LIMITER_DEFAULTS.recheckMs);
  if (opts.onError !== undefined) checkFunction(OWNER, 'onError', opts.onError);
  const { clock, sleep } = timeOptions(OWNER, opts);
  const onError = opts.onError;

  const spacing = rate === undefined ? 0 : emissionInterval(rate, margin);
  const spacingArg = String(spacing);
  const burstArg = String(rate?.burst ?? 1);
  const fallbackRate = insuranceRate(rate, opts.insurance);
  const insurance: MemoryLimiter = memoryLimiter({ ...(fallbackRate ? { rateLimit: fallbackRate } : {}), adaptive: false, clock, sleep });
  /** Local pause-until per key (local clock): our own pauses and shared ones we have seen. */
  const pauses = new Map<string, number>();
  /** Pauses Redis missed while it was away, replayed once it answers. */
  const pending = new Map<string, number>();
  let downUntil = 0;

  const rateKey = (key: string): string => `${prefix}{${key}}:rate`;
  const pauseKey = (key: string): string => `${prefix}{${key}}:pause`;
  let probing = false;
  /**
   * Worth sending to: `ready`; or still connecting (`wait` is lazyConnect, where sending connects), one probe
   * at a time, so a connecting client's offline queue never holds more than one of our commands.
   */
  const usable = (now: number): boolean => {
    if (now < downUntil) return false;
    const st = client.status;
    return st === 'ready' || (!probing && (st === 'wait' || st === 'connecting' || st === 'connect'));
  };

  const fail = (err: unknown): void => {
    downUntil = clock.now() + recheckMs;
    onError?.(err);
  };

  const replay = (): void => {
    const now = clock.now();
    const due = [...pending];
    pending.clear();
    for (const [key, until] of due) if (until > now) void sharePause(key, until - now, until);
  };

  const call = async (script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> => {
    const probe = client.status !== 'ready';
    if (probe) probing = true;
    try {
      const reply = await withTimeout(runScript(client, script, keys, args), timeoutMs);
      if (pending.size > 0) replay();
      return reply;
    } finally {
      if (probe) probing = false;
    }
  };

  const localPause = (key: string, now: number): number => {
    const until = pauses.get(key);
    if (until === undefined) return 0;
    if (until > now) return until;
    pauses.delete(key);
    return 0;
  };

  /** Records a pause locally (and in the insurance); never shortens. */
  const pauseHere = (key: string, ms: number, now: number): void => {
    if (ms <= 0) return;
    const until = now + ms;
    if (until > (pauses.get(key) ?? 0)) {
      if (pauses.size >= 1024) for (const [k, u] of pauses) if (u <= now) pauses.delete(k);
      pauses.set(key, until);
    }
    insurance.pause(key, ms);
  };

  const sharePause = async (key: string, ms: number, until: number): Promise<void> => {
    if (!usable(clock.now())) {
      pending.set(key, Math.max(until, pending.get(key) ?? 0));
      return;
    }
    try {
      const left = parseMs(await call(PAUSE, [pauseKey(key)], [fmt(ms)]));
      if (left > ms) pauseHere(key, left, clock.now());
    } catch (err) {
      fail(err);
      pending.set(key, Math.max(until, pending.get(key) ?? 0));
    }
  };

  const release = (key: string, tat: string, weight: number): void => {
    if (tat === '' || !usable(clock.now())) return;
    const before = (Number(tat) - weight * spacing).toFixed(3);
    call(RELEASE, [rateKey(key)], [tat, before]).catch(fail);
  };

  const fromInsurance = (r: AcquireResult, start: number): AcquireResult => (r.ok && r.waitedMs > 0 ? granted(clock.now() - start) : r);

  return {
    name: 'redis',
    get degraded() {
      return clock.now() < downUntil || client.status !== 'ready';
    },
    async acquire(req) {
      const { key, weight, signal } = req;
      if (!(weight >= 0 && weight !== Infinity)) throw badWeight(OWNER, weight);
      if (signal?.aborted) throw signal.reason;
      const start = clock.now();
      let waited = false;
      for (;;) {
        const now = clock.now();
        const paused = localPause(key, now);
        if (paused > now) {
          if (paused > req.deadlineAt) return pastDeadline(paused - now);
          await sleepFor(sleep, paused - now, signal);
          waited = true;
          continue;
        }
        if (!usable(now)) return fromInsurance(await insurance.acquire(req), start);
        let reply;
        try {
          reply = parseAcquire(await call(ACQUIRE, [rateKey(key), pauseKey(key)], [spacingArg, weight, burstArg, fmt(req.deadlineAt - now)]));
        } catch (err) {
          fail(err); // even with recheckMs 0, this request does not ask Redis twice
          return fromInsurance(await insurance.acquire(req), start);
        }
        if (reply.pauseLeftMs > 0) pauseHere(key, reply.pauseLeftMs, now);
        if (!reply.ok) return pastDeadline(reply.waitMs);
        if (reply.waitMs <= 0) return waited ? granted(clock.now() - start) : GRANTED;
        try {
          await sleepFor(sleep, reply.waitMs, signal);
        } catch (err) {
          release(key, reply.tat, weight);
          throw err;
        }
        waited = true;
        // A pause set elsewhere while we waited voids the reservation: wait for it, then reserve anew.
        const t = clock.now();
        if (localPause(key, t) > t) continue;
        if (usable(t)) {
          try {
            const left = parseMs(await call(PEEK, [pauseKey(key)], []));
            if (left > 0) {
              pauseHere(key, left, t);
              continue;
            }
          } catch (err) {
            fail(err);
          }
        }
        return granted(clock.now() - start);
      }
    },
    async pause(key, ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`${OWNER}.pause: ms must be a finite number, got ${show(ms)}`);
      if (ms <= 0) return;
      const now = clock.now();
      pauseHere(key, ms, now);
      await sharePause(key, ms, now + ms);
    },
    async close() {
      pauses.clear();
      pending.clear();
      await insurance.close();
    },
  };
}
