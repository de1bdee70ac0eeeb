/**
 * The Lua scripts behind `redisBreaker`: one atomic script per record and per probe claim, mirroring
 * `machine.ts` and `window.ts` (the same transitions, the same ten-bucket window) on one Redis hash per key.
 * Times are Redis's own (`TIME`, whole ms) so processes with skewed clocks agree; only relative ms cross
 * the wire. Scripts are run with `runScript` (EVALSHA, EVAL on NOSCRIPT) from the limiter.
 * @module
 */
import { createHash } from 'node:crypto';
import type { LuaScript } from '../limiter/redis-scripts.js';
import type { BreakerSettings } from './options.js';
import type { BreakerState } from './types.js';

function lua(keys: number, source: string): LuaScript {
  return { source, keys, sha: createHash('sha1').update(source).digest('hex') };
}

/** Reads the clock and the circuit; `ttl` keeps an idle circuit only as long as it can matter. */
const HEAD = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = KEYS[1]
local c = redis.call('HMGET', h, 's', 'u', 'a', 'p', 'r', 'n')
local s = c[1] or 'closed'
local u = tonumber(c[2] or '0') or 0
local a = tonumber(c[3] or '0') or 0
local p = tonumber(c[4] or '0') or 0
local r = c[5] or '0'
local n = tonumber(c[6] or '0') or 0
local function ms(x) return string.format('%.0f', x) end
local function reply(d) redis.call('PEXPIRE', h, ARGV[#ARGV]) return {d, s, ms(u - now), r, ms(n)} end
local function open(ratio, calls)
  s = 'open' u = now + tonumber(ARGV[#ARGV - 1]) a = 0 p = 0 r = string.format('%.6f', ratio) n = calls
  redis.call('HSET', h, 's', s, 'u', ms(u), 'a', 0, 'p', 0, 'r', r, 'n', ms(n))
end
`;

/**
 * Records outcomes. KEYS: the circuit. ARGV: successes, failures (a batch from a closed circuit), probe
 * successes, probe failures, probe non-answers, failureRatio, minimumCalls, windowCalls, windowMs,
 * minimumSpanMs, halfOpenProbes, openMs, ttl ms. Returns the circuit: { '', state, ms until, ratio, calls }.
 */
export const RECORD = lua(
  1,
  `${HEAD}local ok = tonumber(ARGV[1]) local bad = tonumber(ARGV[2])
local pOk = tonumber(ARGV[3]) local pBad = tonumber(ARGV[4]) local pNone = tonumber(ARGV[5])
if s == 'closed' then ok = ok + pOk bad = bad + pBad end
if s == 'closed' and ok + bad > 0 then
  local ratio = tonumber(ARGV[6]) local minCalls = tonumber(ARGV[7]) local windowCalls = tonumber(ARGV[8])
  local windowMs = tonumber(ARGV[9]) local minSpan = tonumber(ARGV[10])
  local B = 10
  local per = math.max(1, math.ceil(windowCalls / B))
  local i = tonumber(redis.call('HGET', h, 'i') or '0') or 0
  local b = redis.call('HMGET', h, 't' .. i, 'c' .. i)
  local bt = tonumber(b[1] or '') local bc = tonumber(b[2] or '0') or 0
  if bt == nil or bc >= per or now - bt >= windowMs / B then
    i = (i + 1) % B
    redis.call('HSET', h, 'i', i, 't' .. i, ms(now), 'c' .. i, 0, 'f' .. i, 0, 'x' .. i, '')
  end
  redis.call('HINCRBY', h, 'c' .. i, ok + bad)
  if bad > 0 then
    redis.call('HINCRBY', h, 'f' .. i, bad)
    if (redis.call('HGET', h, 'x' .. i) or '') == '' then redis.call('HSET', h, 'x' .. i, ms(now)) end
    local calls = 0 local fails = 0 local oldest = nil
    for k = 0, B - 1 do
      local j = (i - k) % B
      local v = redis.call('HMGET', h, 't' .. j, 'c' .. j, 'f' .. j, 'x' .. j)
      local cj = tonumber(v[2] or '0') or 0
      if cj > 0 or k == 0 then
        local tj = tonumber(v[1] or '')
        if tj == nil or now - tj >= windowMs then break end
        if k > 0 and calls + cj > windowCalls then break end
        calls = calls + cj
        fails = fails + (tonumber(v[3] or '0') or 0)
        local x = tonumber(v[4] or '')
        if x ~= nil and (oldest == nil or x < oldest) then oldest = x end
      end
    end
    if calls >= minCalls and fails >= ratio * calls and oldest ~= nil and now - oldest >= minSpan then open(fails / calls, calls) end
  end
elseif s == 'half-open' then
  if pBad > 0 then
    open(1 / (p + 1), p + 1)
  elseif pOk + pNone > 0 then
    p = p + pOk
    a = math.max(0, a - pNone)
    if p >= tonumber(ARGV[11]) then
      n = p s = 'closed' u = 0 a = 0 p = 0 r = '0'
      redis.call('DEL', h)
      redis.call('HSET', h, 's', s, 'n', ms(n))
    else
      redis.call('HSET', h, 'a', a, 'p', p)
    end
  end
end
return reply('')`,
);

/**
 * Asks to send. KEYS: the circuit. ARGV: halfOpenProbes, openMs, ttl ms. Returns { decision ('go' | 'probe' |
 * 'reject'), state, ms until, ratio, calls }: a probe slot is claimed when the circuit is due for one.
 */
export const ADMIT = lua(
  1,
  `${HEAD}if s == 'closed' then return reply('go') end
if s == 'open' and now < u then return reply('reject') end
if s == 'open' or now >= u then
  s = 'half-open' u = now + tonumber(ARGV[2]) a = 1 p = 0
  redis.call('HSET', h, 's', s, 'u', ms(u), 'a', 1, 'p', 0)
  return reply('probe')
end
if a < tonumber(ARGV[1]) then
  a = a + 1
  redis.call('HSET', h, 'a', a)
  return reply('probe')
end
return reply('reject')`,
);

/** The arguments of `RECORD` after the counts. */
export function recordArgs(s: BreakerSettings, ttlMs: number): string[] {
  return [s.failureRatio, s.minimumCalls, s.windowCalls, s.windowMs, s.minimumSpanMs, s.halfOpenProbes, s.openMs, ttlMs].map(String);
}

/** The arguments of `ADMIT`. */
export function admitArgs(s: BreakerSettings, ttlMs: number): string[] {
  return [s.halfOpenProbes, s.openMs, ttlMs].map(String);
}

/** A reply of either script. */
export interface CircuitReply {
  readonly decision: '' | 'go' | 'probe' | 'reject';
  readonly state: BreakerState;
  /** Ms from now until the probe time (open) or the round's end (half-open). */
  readonly leftMs: number;
  readonly failureRatio: number;
  readonly calls: number;
}

const STATES: readonly string[] = ['closed', 'open', 'half-open'];
const DECISIONS: readonly string[] = ['', 'go', 'probe', 'reject'];

/** Parses a reply; throws on anything unexpected (the caller falls back to in-process state). */
export function parseCircuit(reply: unknown): CircuitReply {
  if (!Array.isArray(reply) || reply.length < 5) throw new Error(`redisBreaker: unexpected reply ${String(reply)}`);
  const [d, s, left, ratio, calls] = reply as unknown[];
  const leftMs = Number(left);
  const failureRatio = Number(ratio);
  const n = Number(calls);
  if (!DECISIONS.includes(String(d)) || !STATES.includes(String(s)) || !Number.isFinite(leftMs) || !Number.isFinite(failureRatio) || !Number.isFinite(n)) {
    throw new Error(`redisBreaker: unexpected reply ${String(reply)}`);
  }
  return { decision: d as CircuitReply['decision'], state: s as BreakerState, leftMs, failureRatio, calls: n };
}
