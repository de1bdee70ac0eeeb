/**
 * The Lua scripts behind `redisLimiter`, and how they are run: EVALSHA first, EVAL when the server
 * answers NOSCRIPT (a fresh or restarted Redis), every call bounded by our own timeout.
 *
 * Times are Redis's own (`TIME`), so processes with skewed clocks still agree; only relative
 * milliseconds cross the wire. Numbers are stored with `%.3f` because Redis converts Lua numbers with
 * 14 significant digits, too few for epoch milliseconds with fractions.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script with its SHA-1 and number of keys. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
  readonly keys: number;
}

function lua(keys: number, source: string): LuaScript {
  return { source, keys, sha: createHash('sha1').update(source).digest('hex') };
}

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
`;

/**
 * Rate check and shared pause check in one atomic round trip (GCRA with reservation).
 * KEYS: rate (theoretical arrival time, ms), pause (pause-until, ms).
 * ARGV: spacing ms per unit (0 = no rate), weight, burst, max wait ms.
 * Returns { granted 1|0, wait ms, new TAT ('' when nothing was reserved), pause left ms }.
 */
export const ACQUIRE = lua(
  2,
  `${NOW}local p = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
local from = now
if p > from then from = p end
local left = string.format('%.3f', p - now)
local spacing = tonumber(ARGV[1])
local w = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local maxWait = tonumber(ARGV[4])
if spacing <= 0 then
  local wait = from - now
  if wait > 0 and wait > maxWait then return {0, string.format('%.3f', wait), '', left} end
  return {1, string.format('%.3f', wait), '', left}
end
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if p > now then
  local floor = p + (burst - 1) * spacing
  if tat < floor then tat = floor end
end
local b = burst
if w > b then b = w end
local at = tat + (w - b) * spacing
if at < from then at = from end
local wait = at - now
if wait > 0 and wait > maxWait then return {0, string.format('%.3f', wait), '', left} end
if tat < at then tat = at end
local newTat = tat + w * spacing
local tatText = string.format('%.3f', newTat)
redis.call('SET', KEYS[1], tatText, 'PX', math.ceil(newTat - now) + 1)
return {1, string.format('%.3f', wait), tatText, left}`,
);

/** Pauses a key (never shortens). KEYS: pause. ARGV: ms. Returns the pause left, ms. */
export const PAUSE = lua(
  1,
  `${NOW}local ms = tonumber(ARGV[1])
local untilMs = now + ms
local cur = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if cur >= untilMs then return string.format('%.3f', cur - now) end
redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(ms))
return string.format('%.3f', ms)`,
);

/** The pause left on a key, ms (negative when none). KEYS: pause. */
export const PEEK = lua(
  1,
  `${NOW}local p = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
return string.format('%.3f', p - now)`,
);

/**
 * Gives back an aborted reservation when it is still the last one (best effort: a reservation with later
 * ones behind it stays spent, which only costs throughput). KEYS: rate. ARGV: the TAT it set, the TAT before.
 */
export const RELEASE = lua(
  1,
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
redis.call('SET', KEYS[1], ARGV[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`,
);

/** Runs a script by SHA, loading it with EVAL when Redis does not know it (NOSCRIPT). */
export async function runScript(client: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, script.keys, ...keys, ...args);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return client.eval(script.source, script.keys, ...keys, ...args);
    throw err;
  }
}

/** Rejects with a timeout error when `promise` does not settle within `ms`; a late settlement is ignored. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redisLimiter: Redis did not answer within ${ms} ms`)), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** A reply of `ACQUIRE`. */
export interface AcquireReply {
  readonly ok: boolean;
  readonly waitMs: number;
  /** The TAT this request set ('' when nothing was reserved). */
  readonly tat: string;
  /** The shared pause left, ms (<= 0 when none). */
  readonly pauseLeftMs: number;
}

/** Parses an `ACQUIRE` reply; throws on anything unexpected. */
export function parseAcquire(reply: unknown): AcquireReply {
  if (!Array.isArray(reply) || reply.length < 4) throw new Error(`redisLimiter: unexpected reply ${String(reply)}`);
  const [ok, wait, tat, left] = reply as [unknown, unknown, unknown, unknown];
  const waitMs = Number(wait);
  const pauseLeftMs = Number(left);
  if (!Number.isFinite(waitMs) || !Number.isFinite(pauseLeftMs)) throw new Error(`redisLimiter: unexpected reply ${String(reply)}`);
  return { ok: ok === 1, waitMs, tat: typeof tat === 'string' ? tat : '', pauseLeftMs };
}

/** Parses a reply holding a number of ms. */
export function parseMs(reply: unknown): number {
  const n = Number(reply);
  if (typeof reply !== 'string' || !Number.isFinite(n)) throw new Error(`redisLimiter: unexpected reply ${String(reply)}`);
  return n;
}
