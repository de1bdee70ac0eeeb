/**
 * Building blocks of the Lua scripts in `redis-lua.ts`: the time and number helpers, GCRA, the sliding log of
 * confirmed sends, the learned rate with its shared meter, and the advertised quota (the arithmetic of
 * `gcra.ts`, `sliding-log.ts`, `adaptive.ts`, `meter.ts` and `quota.ts`, repeated in Lua).
 * @module
 */

/** Redis time, number helpers, GCRA and the sliding log of confirmed sends. */
export const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local function num(v, d) return tonumber(v or '') or d end
local function f3(x) return string.format('%.3f', x or 0) end
local function gcra(tat, from, w, spacing, burst)
  local b = burst
  if w > b then b = w end
  local at = tat + (w - b) * spacing
  if at < from then at = from end
  return at
end
-- the sliding log of confirmed sends (a list, newest first): at most limit units in any span of win ms; kept
-- for limits up to LOG_MAX per interval (above, the reservation spacing alone applies)
local LOG_MAX = 4096
local function logEarliest(key, from, w, limit, win)
  local n = math.ceil(w)
  if n < 1 or limit <= 0 or limit > LOG_MAX then return from end
  if n > limit then n = math.floor(limit) end
  local idx = math.floor(limit) - n
  local tk = redis.call('LINDEX', key, idx)
  if not tk then return from end
  local at = tonumber(tk) + win
  if at < from then at = from end
  return at
end
local function logPush(key, now, w, limit, win)
  local n = math.ceil(w)
  if n < 1 or limit <= 0 or limit > LOG_MAX then return end
  local args = {}
  for i = 1, n do args[i] = f3(now) end
  if redis.call('LPUSH', key, unpack(args)) > limit then redis.call('LTRIM', key, 0, math.floor(limit) - 1) end
  redis.call('PEXPIRE', key, math.ceil(win) + 1)
end
`;

/**
 * The learned rate: cut once per window, CUBIC-shaped recovery (`adaptive.ts`), and the shared meter of the
 * granted rate a cut starts from (two one-second buckets, as `meter.ts`).
 */
export const LEARNED = `local function learned(key, now)
  local h = redis.call('HMGET', key, 'wmax', 'cut', 'release', 'beta', 'rec', 'min')
  local wmax = num(h[1], 0)
  if wmax <= 0 then return 0 end
  local cut, release, beta, rec, minr = num(h[2], 0), num(h[3], 0), num(h[4], 0.7), num(h[5], 1000), num(h[6], 0.5)
  local x = (now - cut) / rec
  if x < 0 then x = 0 end
  local d = 1 - x
  local rate = wmax * (1 - (1 - beta) * d * d * d)
  if rate >= release then
    redis.call('HSET', key, 'wmax', '0')
    return 0
  end
  if rate < minr then rate = minr end
  return 1000 / rate
end
local function meter(key, now, w)
  local m = redis.call('HMGET', key, 'ms', 'mc', 'mp')
  local ms, mc, mp = num(m[1], -1e18), num(m[2], 0), num(m[3], 0)
  if now - ms >= 2000 then
    mp, ms, mc = 0, now, 0
  elseif now - ms >= 1000 then
    mp, ms, mc = mc, ms + 1000, 0
  end
  mc = mc + w
  redis.call('HSET', key, 'ms', f3(ms), 'mc', f3(mc), 'mp', f3(mp))
  if w > 0 and redis.call('PTTL', key) < 60000 then redis.call('PEXPIRE', key, 60000) end
  return mp * (1 - (now - ms) / 1000) + mc
end
`;

/** The advertised quota (`quota.ts`): roll-over, the paced earliest time, taking units. */
export const QUOTA = `local QF = {'cap', 'win', 'left', 'endat', 'since', 'ra', 're', 'rl', 'rt', 'inflight', 'gr', 'grb', 'es', 'rf', 'lg'}
-- one string of numbers (one GET, one SET): the key exists as soon as units are in flight (it counts them),
-- and holds a quota once it has a window
local function qload(key)
  local text = redis.call('GET', key)
  if not text then return nil end
  local q, i = {}, 1
  for v in string.gmatch(text, '[^ ]+') do
    local f = QF[i]
    if f then q[f] = tonumber(v) or 0 end
    i = i + 1
  end
  for _, f in ipairs(QF) do if q[f] == nil then q[f] = 0 end end
  return q
end
local function qactive(q) return q ~= nil and q.win > 0 end
local function qsave(key, q)
  local parts = {}
  for i, f in ipairs(QF) do parts[i] = f3(q[f]) end
  local ttl = math.ceil(q.endat - now + 2 * q.win)
  if ttl < 60000 then ttl = 60000 end
  redis.call('SET', key, table.concat(parts, ' '), 'PX', ttl)
end
-- the grants log (newest first), trimmed in batches
local function grantPush(key, now, w)
  local n = redis.call('LPUSH', key, f3(now) .. ' ' .. f3(w))
  if n == 1 or n > 320 then
    if n > 320 then redis.call('LTRIM', key, 0, 255) end
    redis.call('PEXPIRE', key, 60000)
  end
end
local function qplan(q, now)
  q.rl = q.left > 0 and q.left or 0
  q.re = q.endat > now and (q.endat - (q.endat - now) * 0.1) or now
  -- continue from the last grant: the next unit one step after it, not at once
  local step = 0
  if q.rl > 0 then step = (q.re - now) / q.rl end
  local nxt = (q.lg or -1e18) + step
  q.ra = now
  if nxt > now then q.ra = nxt < q.re and nxt or q.re end
  q.rt = 0
end
-- units granted at or after t, from the grants log (a list, newest first)
local function grantedSince(key, t)
  local sum = 0
  for _, e in ipairs(redis.call('LRANGE', key, 0, 255)) do
    local sp = string.find(e, ' ')
    if (tonumber(string.sub(e, 1, sp - 1)) or 0) < t then break end
    sum = sum + (tonumber(string.sub(e, sp + 1)) or 0)
  end
  return sum
end
local function qroll(q, now, grantsKey)
  if now < q.endat then return end
  local pending = q.inflight
  if q.gr + q.grb < pending then pending = q.gr + q.grb end
  local late = grantedSince(grantsKey, q.endat - q.es)
  if late > pending then pending = late end
  q.grb = q.gr
  q.gr = 0
  q.left = q.cap - pending
  q.endat = now + 2 * q.win
  q.since = now
  q.rf = 0
  q.lg = -1e18
  qplan(q, now)
end
local function qearliest(q, from, w)
  if from >= q.endat then return from end
  if q.left < w then
    if q.left >= q.cap and q.left > 0 then return from end
    return q.endat
  end
  local due = q.rt + w - 1
  local at = q.ra
  if due > 0 and q.rl > 0 then
    if due > q.rl then due = q.rl end
    at = q.ra + due / q.rl * (q.re - q.ra)
  end
  if at < from then at = from end
  return at
end
`;

