/**
 * `redisBreaker`: one circuit per key shared by every process through Redis, so that one process seeing the
 * outage opens the circuit for all, and half-open probes are limited across processes.
 *
 * The fast path stays in-process: each process keeps a mirror of every key's circuit. While it is closed,
 * admissions are answered from the mirror, and outcomes are counted locally and sent in batches by one atomic
 * script (`RECORD`): failures at once (one command in flight per key), successes at most every `syncMs`. Every
 * reply carries the shared state, so each process learns of an opening within `syncMs` (at once when it records
 * a failure). Only a probe needs Redis before its send (`ADMIT` claims a slot atomically).
 *
 * Redis down, hung or restarting never hangs or crashes a caller: no command is sent while the client is not
 * usable, every command is bounded by `commandTimeoutMs`, and after a failure the breaker decides from an
 * in-process `memoryBreaker` (fed every outcome all along, so it is warm) for `recheckMs`, never shorter than
 * an opening the mirror already knows.
 * @module
 */
import type { Redis } from 'ioredis';
import { runScript } from '../limiter/redis-scripts.js';
import { bounded } from './bounded.js';
import { checkFunction, checkNonNegative, checkObject, checkPositive, invalid, timeOptions } from '../limiter/validate.js';
import type { Clock } from '../time.js';
import { breakerFromSettings, GO, PROBE } from './memory.js';
import { type Mirror, MirrorMap } from './mirror.js';
import { type BreakerOptions, resolveBreakerOptions } from './options.js';
import { ADMIT, admitArgs, type CircuitReply, parseCircuit, RECORD, recordArgs } from './redis-scripts.js';
import type { Admission, Breaker, BreakerListener } from './types.js';

/**
 * Options of `redisBreaker`: the thresholds, and how Redis is used.
 * @example
 * ```ts
 * redisBreaker({ client: new Redis(url), failureRatio: 0.5, openMs: 5_000, syncMs: 100, commandTimeoutMs: 200 });
 * ```
 */
export interface RedisBreakerOptions extends BreakerOptions {
  /** An ioredis client. Never quit or reconfigured by the breaker. */
  readonly client: Redis;
  /** Prefix of the Redis keys (`<prefix>{<key>}`, one hash per circuit). @default 'resolute:breaker:' */
  readonly keyPrefix?: string;
  /** Longest wait between two syncs of a key's closed circuit with Redis while requests flow, in ms. @default 100 */
  readonly syncMs?: number;
  /** Longest wait for one Redis command before falling back, in ms. @default 200 */
  readonly commandTimeoutMs?: number;
  /** After a Redis failure, how long to decide in-process before asking Redis again, in ms. @default 1000 */
  readonly recheckMs?: number;
  /** Told about every Redis failure (for logs). @default none */
  readonly onError?: (error: unknown) => void;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
}

/** The defaults of `RedisBreakerOptions` (the thresholds' are `BREAKER_DEFAULTS`). */
export const REDIS_BREAKER_DEFAULTS = Object.freeze({ keyPrefix: 'resolute:breaker:', syncMs: 100, commandTimeoutMs: 200, recheckMs: 1000 });

const OWNER = 'redisBreaker';
const EXTRA = ['client', 'keyPrefix', 'syncMs', 'commandTimeoutMs', 'recheckMs', 'onError', 'clock'];

/** A `Breaker` shared through Redis. */
export interface RedisBreaker extends Breaker {
  readonly name: 'redis';
  /** True while Redis is not known good: a command failed within `recheckMs`, or the client is not `ready`. */
  readonly degraded: boolean;
  /** Forgets local state; the caller's client is left alone. */
  close(): Promise<void>;
}

/**
 * Creates a breaker shared by every process through Redis.
 * @example
 * const breaker = redisBreaker({ client: new Redis(url), failureRatio: 0.5, openMs: 5_000 });
 * const executor = createExecutor({ breaker, limiter: redisLimiter({ client }) });
 */
export function redisBreaker(opts: RedisBreakerOptions): RedisBreaker {
  checkObject(OWNER, 'options', opts);
  const client = opts.client;
  if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function' || typeof client.status !== 'string') {
    invalid(OWNER, 'client', 'an ioredis client', client);
  }
  const s = resolveBreakerOptions(opts, (option, rule, value) => invalid(OWNER, option, rule, value), EXTRA);
  const prefix = opts.keyPrefix ?? REDIS_BREAKER_DEFAULTS.keyPrefix;
  if (typeof prefix !== 'string') invalid(OWNER, 'keyPrefix', 'a string', prefix);
  const syncMs = checkNonNegative(OWNER, 'syncMs', opts.syncMs ?? REDIS_BREAKER_DEFAULTS.syncMs);
  const timeoutMs = checkPositive(OWNER, 'commandTimeoutMs', opts.commandTimeoutMs ?? REDIS_BREAKER_DEFAULTS.commandTimeoutMs);
  const recheckMs = checkNonNegative(OWNER, 'recheckMs', opts.recheckMs ?? REDIS_BREAKER_DEFAULTS.recheckMs);
  if (opts.onError !== undefined) checkFunction(OWNER, 'onError', opts.onError);
  const { clock } = timeOptions(OWNER, opts);
  const onError = opts.onError;

  const insurance = breakerFromSettings(s, clock);
  const mirrors = new MirrorMap(clock);
  const ttl = String(Math.ceil(s.windowMs + 2 * s.openMs + 60_000));
  const recordTail = recordArgs(s, Number(ttl));
  const admitTail = admitArgs(s, Number(ttl));
  const hashKey = (key: string): string => `${prefix}{${key}}`;
  let downUntil = 0;
  let probing = false;

  /** Not known bad: no failure within `recheckMs`, and the client is ready or connecting. */
  const reachable = (now: number): boolean => {
    if (now < downUntil) return false;
    const st = client.status;
    return st === 'ready' || st === 'wait' || st === 'connecting' || st === 'connect';
  };
  /** Worth sending to now: reachable, and while connecting one command at a time (the offline queue never fills). */
  const usable = (now: number): boolean => reachable(now) && (client.status === 'ready' || !probing);
  const fail = (err: unknown): void => {
    downUntil = clock.now() + recheckMs;
    onError?.(err);
  };
  const call = async (script: typeof RECORD, key: string, args: readonly string[]): Promise<CircuitReply> => {
    const probe = client.status !== 'ready';
    if (probe) probing = true;
    try {
      return parseCircuit(await bounded(runScript(client, script, [hashKey(key)], args), timeoutMs));
    } finally {
      if (probe) probing = false;
    }
  };

  /** Sends a key's batched counts (and reads its shared state); one such command in flight per key. */
  const flush = (key: string, m: Mirror): Promise<void> => {
    const now = clock.now();
    m.flushing = true;
    m.lastSync = now;
    const ok = m.ok;
    const bad = m.bad;
    const since = m.countedSince;
    m.ok = 0;
    m.bad = 0;
    m.countedSince = Infinity;
    return call(RECORD, key, [String(ok), String(bad), '0', '0', '0', ...recordTail]).then(
      (r) => {
        m.flushing = false;
        m.synced = true;
        mirrors.apply(key, m, r, undefined);
        if (m.bad > 0 && usable(clock.now())) void flush(key, m); // failures that came meanwhile go at once
      },
      (err: unknown) => {
        m.flushing = false;
        fail(err);
        // Redis missed them: they go with the next flush, unless they are older than the window by then
        m.ok += ok;
        m.bad += bad;
        m.countedSince = Math.min(m.countedSince, since);
      },
    );
  };

  /**
   * The first send to a key from this process waits for one reply from Redis (once per key; others sending
   * meanwhile wait for the same reply), so a circuit another process opened is honoured from the first request.
   */
  const firstSync = async (key: string, m: Mirror, notify: BreakerListener | undefined): Promise<Admission> => {
    m.firstSync ??= flush(key, m).finally(() => {
      m.synced = true; // answered or failed: from now on the mirror (or, while Redis is away, the insurance) decides
      m.firstSync = undefined;
    });
    await m.firstSync;
    return breaker.admit(key, notify);
  };

  /**
   * Asks Redis to send (a probe is due, as far as this process knows). One claim per key in flight: sends
   * that come meanwhile share its answer, so a circuit another process already closed lets them all through.
   */
  const claim = async (key: string, m: Mirror, notify: BreakerListener | undefined): Promise<Admission> => {
    if (m.claim !== undefined) {
      const shared = await m.claim.then(
        () => true,
        () => false,
      );
      if (!shared) return insurance.admit(key, notify);
      const now = clock.now();
      return m.state === 'closed' ? GO : (mirrors.rejection(m, now) ?? mirrors.waiting(m, now));
    }
    let r: CircuitReply;
    try {
      m.claim = call(ADMIT, key, admitTail);
      r = await m.claim;
    } catch (err) {
      fail(err);
      return insurance.admit(key, notify);
    } finally {
      m.claim = undefined;
    }
    mirrors.apply(key, m, r, notify); // a throwing listener fails this request, as any hook does
    if (r.decision === 'go') return GO;
    if (r.decision === 'probe') return PROBE;
    const now = clock.now();
    m.nextClaim = now + syncMs;
    return mirrors.rejection(m, now) ?? mirrors.waiting(m, now);
  };

  const breaker: RedisBreaker = {
    name: 'redis',
    get degraded() {
      return clock.now() < downUntil || client.status !== 'ready';
    },
    admit(key, notify) {
      const now = clock.now();
      const m = mirrors.get(key, notify);
      if (m.state === 'open' && now < m.until) return mirrors.rejection(m, now)!;
      if (!usable(now)) return insurance.admit(key, notify);
      if (!m.synced) return firstSync(key, m, notify);
      if (m.state === 'closed') {
        if (!m.flushing && now - m.lastSync >= syncMs) void flush(key, m);
        return GO;
      }
      if (m.claim === undefined && now < m.nextClaim) return mirrors.rejection(m, now) ?? mirrors.waiting(m, now);
      return claim(key, m, notify);
    },
    blocked(key, notify) {
      const now = clock.now();
      const m = notify === undefined ? mirrors.peek(key) : mirrors.get(key, notify);
      const r = m === undefined ? undefined : mirrors.rejection(m, now);
      if (r !== undefined || usable(now)) return r;
      return insurance.blocked(key);
    },
    record(key, outcome, probe, notify, at) {
      const now = at ?? clock.now();
      const live = reachable(now);
      insurance.record(key, outcome, probe, live ? undefined : notify, now); // while Redis is away, the insurance tells
      if (outcome === 'ignore' && !probe) return;
      const m = mirrors.get(key, live ? notify : undefined);
      if (probe) {
        if (!usable(now)) return; // the round expires by itself
        const counts = outcome === 'success' ? ['0', '0', '1', '0', '0'] : outcome === 'failure' ? ['0', '0', '0', '1', '0'] : ['0', '0', '0', '0', '1'];
        call(RECORD, key, [...counts, ...recordTail]).then((r) => mirrors.apply(key, m, r, undefined), fail);
        return;
      }
      if (m.state !== 'closed') return;
      if (now - m.countedSince > s.windowMs) {
        m.ok = 0; // counted so long ago (Redis was away) that the window would not hold them
        m.bad = 0;
        m.countedSince = Infinity;
      }
      if (m.countedSince === Infinity) m.countedSince = now;
      if (outcome === 'failure') m.bad++;
      else m.ok++;
      if (!m.flushing && usable(now) && (outcome === 'failure' || now - m.lastSync >= syncMs)) void flush(key, m);
    },
    openSignal: (key) => mirrors.openSignal(key),
    async close() {
      mirrors.clear();
      await insurance.close?.();
    },
  };
  return breaker;
}
