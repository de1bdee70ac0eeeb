/**
 * `redisLimiter`: every source of a rate shared by every process through Redis, each change one atomic Lua
 * script (`redis-lua.ts`): the 429 pause, the configured rate (GCRA with reservations, spaced
 * `(intervalMs + margin) / limit`), the learned rate after refusals without guidance, and the quota the
 * server advertises. Four processes on one key behave as one client.
 *
 * Sends, not grants, are spaced: a request that must wait reserves its slot, sleeps, then confirms it at the
 * moment of sending (CONFIRM), and confirmed sends are spaced in Redis time. A process that wakes late on a
 * loaded machine then sends later instead of together with the next one. The margin covers what is left
 * between the confirm and the server (the reply, the send, the network, the server's own stalls): it follows
 * the lag the processes measure (1.25 × the largest recent confirm round trip plus answer round trip), from
 * `marginMs` up to `maxMarginMs`, and is `maxMarginMs` until a lag has been measured (`observe`).
 *
 * Why a custom script and not rate-limiter-flexible: its counters are fixed windows (up to twice the limit
 * across an edge) and its `block()` works in whole windows. Redis down, hung or restarting never hangs or
 * crashes a caller: commands are not sent while the client is reconnecting or closed, every command is
 * bounded by `commandTimeoutMs`, and after a failure the limiter serves from an in-process `memoryLimiter`
 * ("insurance", the limit divided by `insurance.processes`) for `recheckMs` before asking Redis again.
 * @module
 */
import { readAdvert } from './advert/index.js';
import { memoryLimiter } from './memory.js';
import type { MemoryLimiter } from './memory-options.js';
import { RedisLink } from './redis-link.js';
import { LocalKeys } from './redis-local.js';
import { ACQUIRE, CONFIRM, CUT, OBSERVE, PAUSE, RELEASE, parseAcquire, parseConfirm, parseMs, parseObserve } from './redis-scripts.js';
import { redisSettings, type RedisLimiter, type RedisLimiterOptions } from './redis-options.js';
import type { AcquireResult } from './types.js';
import { badWeight, show } from './validate.js';
import { GRANTED, granted, pastDeadline, sleepFor } from './wait.js';

export { REDIS_LIMITER_DEFAULTS, type InsuranceOptions, type RedisLimiter, type RedisLimiterOptions } from './redis-options.js';

const OWNER = 'redisLimiter';
const fmt = (n: number): string => (n > 1e12 ? '1e12' : n < -1e12 ? '-1e12' : n.toFixed(3));
/**
 * Creates a limiter shared through Redis.
 * @example
 * const limiter = redisLimiter({ client: new Redis(url), rateLimit: { limit: 50, intervalMs: 1_000 }, insurance: { processes: 4 } });
 */
export function redisLimiter(opts: RedisLimiterOptions): RedisLimiter {
  const s = redisSettings(opts);
  const { client, clock, sleep, onError, adaptive } = s;
  const insurance: MemoryLimiter = memoryLimiter({
    ...(s.fallbackRate ? { rateLimit: s.fallbackRate } : {}),
    adaptive: adaptive ?? false,
    advertised: s.advertised,
    usedWeight: s.usedWeight,
    clock,
    sleep,
  });
  const rateArgs = s.rate === undefined ? ['0', '0'] : [String(s.rate.intervalMs), String(s.rate.limit)];
  const burstArg = String(s.rate?.burst ?? 1);
  const limitArg = s.rate === undefined ? '0' : String(s.rate.limit);
  const ceilingArg = s.rate === undefined ? '0' : fmt((s.rate.limit * 1000) / s.rate.intervalMs);
  const link = new RedisLink(client, clock, s.timeoutMs, s.recheckMs, onError);
  const local = new LocalKeys();
  /** Pauses Redis missed while it was away, replayed once it answers. */
  const pending = new Map<string, number>();
  const k = (key: string, part: string): string => `${s.prefix}{${key}}:${part}`;
  const fail = (err: unknown): void => link.fail(err);

  link.onAnswer = () => {
    if (pending.size === 0) return;
    const now = clock.now();
    const due = [...pending];
    pending.clear();
    for (const [key, until] of due) if (until > now) void sharePause(key, until - now, until);
  };

  /** Records a pause locally (and in the insurance); never shortens. */
  const pauseHere = (key: string, ms: number, now: number): void => {
    if (ms <= 0) return;
    local.pause(key, now + ms, now);
    insurance.pause(key, ms);
  };

  const sharePause = async (key: string, ms: number, until: number): Promise<void> => {
    if (!link.usable(clock.now())) {
      pending.set(key, Math.max(until, pending.get(key) ?? 0));
      return;
    }
    try {
      const left = parseMs(await link.call(PAUSE, [k(key, 'pause')], [fmt(ms)]));
      if (left > ms) pauseHere(key, left, clock.now());
    } catch (err) {
      fail(err);
      pending.set(key, Math.max(until, pending.get(key) ?? 0));
    }
  };

  const release = (key: string, tat: string, weight: number, spacing: number): void => {
    if (tat === '' || !link.usable(clock.now())) return;
    const before = (Number(tat) - weight * spacing).toFixed(3);
    link.call(RELEASE, [k(key, 'rate')], [tat, before]).catch(fail);
  };

  const fromInsurance = (r: AcquireResult, start: number): AcquireResult => (r.ok && r.waitedMs > 0 ? granted(clock.now() - start) : r);

  /** Confirms a reserved slot at the moment of sending. Returns false when a pause voids the reservation. */
  const confirm = async (key: string, weight: number, window: number, deadlineAt: number, signal: AbortSignal | undefined): Promise<boolean> => {
    for (;;) {
      const t = clock.now();
      if (local.pausedUntil(key, t) > t) return false;
      if (!link.usable(t)) return true; // Redis away: the reservation stands
      let c;
      try {
        c = parseConfirm(await link.call(CONFIRM, [k(key, 'pause'), k(key, 'sent')], [limitArg, fmt(window), weight]));
      } catch (err) {
        fail(err);
        return true;
      }
      const after = clock.now();
      local.lastGrantRtt = after - t;
      if (c.pauseLeftMs > 0) {
        pauseHere(key, c.pauseLeftMs, after);
        return false;
      }
      if (c.waitMs <= 0 || after + c.waitMs > deadlineAt) return true;
      await sleepFor(sleep, c.waitMs, signal);
    }
  };

  return {
    name: 'redis',
    get degraded() {
      return link.degraded;
    },
    get lagMs() {
      return local.lagAtTime(clock.now());
    },
    async acquire(req) {
      const { key, weight, signal } = req;
      if (!(weight >= 0 && weight !== Infinity)) throw badWeight(OWNER, weight);
      if (signal?.aborted) throw signal.reason;
      const start = clock.now();
      let waited = false;
      for (;;) {
        const now = clock.now();
        const paused = local.pausedUntil(key, now);
        if (paused > now) {
          if (paused > req.deadlineAt) return pastDeadline(paused - now);
          await sleepFor(sleep, paused - now, signal);
          waited = true;
          continue;
        }
        if (!link.usable(now)) {
          // A connecting client is being probed: wait for the probe (bounded by the command timeout), then ask
          // Redis, rather than grant around it (grants it never sees would overspend the shared quota).
          const pr = link.probe;
          if (pr !== undefined && !link.isDown(now)) {
            await pr;
            waited = true;
            continue;
          }
          return fromInsurance(await insurance.acquire(req), start);
        }
        const done = local.takeCompleted(key);
        let reply;
        try {
          reply = parseAcquire(
            await link.call(
              ACQUIRE,
              [k(key, 'rate'), k(key, 'pause'), k(key, 'sent'), k(key, 'learn'), k(key, 'quota'), k(key, 'lag'), k(key, 'grants')],
              [...rateArgs, fmt(s.margin), fmt(s.maxMargin), weight, burstArg, fmt(req.deadlineAt - now), done, fmt(local.lagAtTime(now)), adaptive ? '1' : '0', s.advertised ? '1' : '0'],
            ),
          );
        } catch (err) {
          local.addCompleted(key, done);
          fail(err); // even with recheckMs 0, this request does not ask Redis twice
          return fromInsurance(await insurance.acquire(req), start);
        }
        const after = clock.now();
        local.lastGrantRtt = after - now;
        if (reply.pauseLeftMs > 0) pauseHere(key, reply.pauseLeftMs, now);
        local.view(key, reply.quotaLeft, reply.quotaEndMs, reply.quotaCap, after, false);
        if (reply.retry) {
          if (after + reply.waitMs > req.deadlineAt) return pastDeadline(reply.waitMs);
          await sleepFor(sleep, reply.waitMs, signal);
          waited = true;
          continue;
        }
        if (!reply.ok) return pastDeadline(reply.waitMs);
        if (reply.waitMs <= 0) return waited ? granted(after - start) : GRANTED;
        try {
          await sleepFor(sleep, reply.waitMs, signal);
        } catch (err) {
          release(key, reply.tat, weight, reply.spacing);
          throw err;
        }
        waited = true;
        // A pause set elsewhere while we waited voids the reservation: wait for it, then reserve anew.
        if (!(await confirm(key, weight, reply.window, req.deadlineAt, signal))) continue;
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
    onThrottle(key, sentAt) {
      insurance.onThrottle(key, sentAt);
      if (adaptive === undefined || !link.usable(clock.now())) return;
      const ago = sentAt === undefined ? -1 : Math.max(0, clock.now() - sentAt);
      const a = adaptive;
      link.call(CUT, [k(key, 'learn')], [fmt(ago), ceilingArg, fmt(a.beta), fmt(a.recoveryMs), fmt(a.minRate), Number.isFinite(a.maxRate) ? fmt(a.maxRate) : '0', fmt(a.cooldownMs)]).catch(fail);
    },
    observe(key, headers, weight, sentAt) {
      insurance.observe(key, headers, weight, sentAt);
      const now = clock.now();
      // What may lie between Redis confirming a send and the server stamping it: the confirm's round trip
      // (its reply waited in our event loop) and the answer's whole round trip (a server stalled before
      // reading the request stamps it late and answers right after).
      local.sampleLag(local.lastGrantRtt + (now - sentAt), now);
      local.addCompleted(key, weight);
      if (headers === undefined || !s.advertised || !local.worthReading(key, now)) return;
      const a = readAdvert(headers, now, s.usedWeight);
      if (a === undefined || !link.usable(now)) return;
      const done = local.takeCompleted(key);
      // Count the grants since one of this request's round trips before it left (a request sent earlier but
      // slower may have hit after it), plus a Redis round trip (grants are stamped in Redis time, before our reply).
      const ago = 2 * Math.max(0, now - sentAt) + local.lastGrantRtt;
      link.call(OBSERVE, [k(key, 'quota'), k(key, 'grants')], [a.remaining, a.limit ?? -1, fmt(a.resetMs), a.windowMs ?? -1, weight, fmt(ago), done]).then(
        (reply) => {
          const r = parseObserve(reply);
          local.view(key, r.left, r.endMs, r.cap, clock.now(), true);
        },
        (err: unknown) => {
          local.addCompleted(key, done);
          fail(err);
        },
      );
    },
    async close() {
      local.clear();
      pending.clear();
      await insurance.close();
    },
  };
}
