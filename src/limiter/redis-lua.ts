/**
 * The Lua behind `redisLimiter`: the same rate sources as `memoryLimiter` (pause, configured GCRA, learned
 * rate, advertised quota; see `gcra.ts`, `adaptive.ts`, `quota.ts`, whose arithmetic these scripts repeat),
 * held in Redis so every process shares them, each change one atomic script.
 *
 * Keys of one limiter key K (every key one acquire touches carries the hash tag `{K}`, so they live in one
 * Redis Cluster slot): `rate` (reservation TAT), `sent` (the sliding log of confirmed sends), `pause`
 * (pause-until), `learn` (hash: the learned rate and the shared meter), `quota` (hash: the advertised quota
 * and the units in flight), `grants` (list: the recent grants, to count what an answer cannot include), `lag`
 * (the lag margin). Times are Redis's own (`TIME`), so processes with skewed clocks agree; only relative
 * milliseconds cross the wire.
 * Numbers are stored with `%.3f` (Redis converts Lua numbers with 14 significant digits, too few for epoch ms).
 * @module
 */

import { LEARNED, NOW, QUOTA } from './redis-lua-lib.js';

/**
 * Acquire: the pause, the configured rate (spacing `(intervalMs + margin) / limit`, the margin following the
 * lag the processes report), the learned rate and the advertised quota, in one atomic round trip. A request
 * that may go now is granted (its send counted at once); one that must wait reserves its slot, and confirms
 * it at the moment of sending (CONFIRM). KEYS: rate, pause, sent, learn, quota, lag, grants.
 * ARGV: intervalMs, limit (0 = none), marginMs, maxMarginMs, weight, burst, max wait ms, completed units, lag sample ms,
 * adaptive (1: meter the granted rate for the learned one), advertised (1: count units in flight for the quota).
 * Returns { granted 1 | refused 0 | come back after the wait 2, wait ms, reservation TAT ('' when nothing
 * reserved), pause left ms, log window ms,
 * quota left, quota end ms from now (-1 without a quota), quota per window, spacing ms }.
 */
export const ACQUIRE_LUA = `${NOW}${LEARNED}${QUOTA}
local interval, limit, margin, maxMargin = num(ARGV[1], 0), num(ARGV[2], 0), num(ARGV[3], 0), num(ARGV[4], 0)
local w, burst, maxWait, completed, sample = num(ARGV[5], 1), num(ARGV[6], 1), num(ARGV[7], 0), num(ARGV[8], 0), num(ARGV[9], 0)
local adaptive = ARGV[10] == '1'
local advertised = ARGV[11] == '1'
-- the lag margin: 1.25 × the largest lag any process reported lately (halving every 20 s), between marginMs
-- and maxMarginMs; maxMarginMs while no lag has been measured at all
local m = maxMargin
local lv = limit > 0 and redis.call('GET', KEYS[6]) or nil
if limit > 0 and (sample > 0 or lv) then
  local sp = lv and string.find(lv, ' ')
  local lag = 0
  if sp then lag = num(string.sub(lv, 1, sp - 1), 0) * math.pow(0.5, (now - num(string.sub(lv, sp + 1), now)) / 20000) end
  if sample > lag then
    lag = sample
    redis.call('SET', KEYS[6], f3(lag) .. ' ' .. f3(now), 'PX', 120000)
  end
  m = 1.25 * lag
  if m > maxMargin then m = maxMargin end
  if margin > m then m = margin end
end
local spacing = 0
if limit > 0 then spacing = (interval + m) / limit end
if adaptive then
  local ls = learned(KEYS[4], now)
  if ls > spacing then spacing = ls end
end
local p = num(redis.call('GET', KEYS[2]), 0)
local from = now
if p > from then from = p end
local left = string.format('%.3f', p - now)
local tat = num(redis.call('GET', KEYS[1]), 0)
local win = interval + m
if spacing > 0 and p > now then
  local floor = p + (burst - 1) * spacing
  if tat < floor then tat = floor end
end
local q = nil
if advertised then
  q = qload(KEYS[5]) or {cap = 0, win = 0, left = 0, endat = 0, since = 0, ra = 0, re = 0, rl = 0, rt = 0, inflight = 0, gr = 0, grb = 0, es = 0, rf = 0, lg = -1e18}
  q.inflight = q.inflight - completed
  if q.inflight < 0 then q.inflight = 0 end
  if qactive(q) then qroll(q, now, KEYS[7]) end
end
local at = from
if spacing > 0 then
  local a1 = gcra(tat, from, w, spacing, burst)
  if a1 > at then at = a1 end
end
local a2 = logEarliest(KEYS[3], at, w, limit, win)
if a2 > at then at = a2 end
-- a window spent: come back when it ends and take from the next one (reserving across its end would spend
-- units of the next window that its roll-over cannot see)
local nextWindow = false
if qactive(q) then
  local a3 = qearliest(q, at, w)
  if a3 > at then at = a3 end
  nextWindow = at >= q.endat and q.left < w
end
local qleft, qend, qcap = -1, -1, -1
if qactive(q) then qleft, qend, qcap = q.left, q.endat - now, q.cap end
local wait = at - now
if (wait > 0 and wait > maxWait) or nextWindow then
  if q then qsave(KEYS[5], q) end
  return {nextWindow and 2 or 0, f3(wait), '', left, f3(win), f3(qleft), f3(qend), f3(qcap), f3(spacing)}
end
local tatText = ''
if spacing > 0 then
  if tat < at then tat = at end
  local newTat = tat + w * spacing
  tatText = f3(newTat)
  redis.call('SET', KEYS[1], tatText, 'PX', math.ceil(newTat - now) + 1)
end
if wait <= 0 then logPush(KEYS[3], now, w, limit, win) end
if q then
  q.inflight = q.inflight + w
  grantPush(KEYS[7], now, w)
  if qactive(q) then
    q.left = q.left - w
    q.rt = q.rt + w
    q.gr = q.gr + w
    q.lg = at
    qleft, qend = q.left, q.endat - now
  end
  qsave(KEYS[5], q)
end
if adaptive then meter(KEYS[4], now, w) end
return {1, f3(wait), tatText, left, f3(win), f3(qleft), f3(qend), f3(qcap), f3(spacing)}`;

/**
 * Confirms a reserved slot at the moment of sending: the sliding log holds the times sends were confirmed,
 * so every span of `intervalMs + margin` of Redis time holds at most `limit` units (limits up to 4,096 per
 * interval) however late each process woke (a late process sends later, never together with the next one beyond the limit), and a pause set
 * meanwhile holds it. KEYS: pause, sent (the log). ARGV: limit (0: none), log window ms, weight.
 * Returns { pause left ms, wait ms } (both ≤ 0: go now).
 */
export const CONFIRM_LUA = `${NOW}
local limit, win, w = num(ARGV[1], 0), num(ARGV[2], 0), num(ARGV[3], 1)
local p = num(redis.call('GET', KEYS[1]), 0)
if p > now then return {f3(p - now), '0'} end
local at = logEarliest(KEYS[2], now, w, limit, win)
if at > now then return {f3(p - now), f3(at - now)} end
logPush(KEYS[2], now, w, limit, win)
return {f3(p - now), '0'}`;

/** Pauses a key (never shortens). KEYS: pause. ARGV: ms. Returns the pause left, ms. */
export const PAUSE_LUA = `${NOW}local ms = tonumber(ARGV[1])
local untilMs = now + ms
local cur = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if cur >= untilMs then return string.format('%.3f', cur - now) end
redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(ms))
return string.format('%.3f', ms)`;

/**
 * Gives back an aborted reservation when it is still the last one (best effort: a reservation with later
 * ones behind it stays spent, which only costs throughput). KEYS: rate. ARGV: the TAT it set, the TAT before.
 */
export const RELEASE_LUA = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
redis.call('SET', KEYS[1], ARGV[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`;

/**
 * A refusal without guidance: cuts the shared learned rate once per window (`adaptive.ts` applyCut).
 * KEYS: learn. ARGV: ms since the refused request was sent (-1 unknown), ceiling units/s (0 none), beta,
 * recoveryMs, minRate, maxRate (0 none), cooldownMs. The cut starts from the rate granted to all processes
 * (the shared meter). Returns { cut 1|0, the learned rate after it (units/s, 0 = none) }.
 */
export const CUT_LUA = `${NOW}${LEARNED}
local ago, ceiling = num(ARGV[1], -1), num(ARGV[2], 0)
local measured = meter(KEYS[1], now, 0)
local beta, rec, minr, maxr, cool = num(ARGV[3], 0.7), num(ARGV[4], 1000), num(ARGV[5], 0.5), num(ARGV[6], 0), num(ARGV[7], 1000)
local sentAt = -1e18
if ago >= 0 then sentAt = now - ago end
local h = redis.call('HMGET', KEYS[1], 'wmax', 'cut', 'release')
local wmax, cut, release = num(h[1], 0), num(h[2], -1e18), num(h[3], 0)
local inForce = 1e18
if wmax > 0 then
  local x = (now - cut) / rec
  if x < 0 then x = 0 end
  local d = 1 - x
  inForce = wmax * (1 - (1 - beta) * d * d * d)
  if inForce >= release then inForce = 1e18 end
end
if now - cut < cool or sentAt < cut then return {0, f3(inForce < 1e18 and inForce or 0)} end
local current = inForce
if ceiling > 0 and ceiling < current then current = ceiling end
local base = current
if measured > 0 and measured < current then base = measured end
if base >= 1e18 then
  base = minr
  if measured > minr then base = measured end
end
local top = 1e18
if ceiling > 0 then top = ceiling end
if maxr > 0 and maxr < top then top = maxr end
if top >= 1e18 then top = 2 * base end
local rate = base * beta
if rate < minr then rate = minr end
redis.call('HSET', KEYS[1], 'wmax', f3(base), 'cut', f3(now), 'release', f3(top), 'beta', f3(beta), 'rec', f3(rec), 'min', f3(minr))
redis.call('PEXPIRE', KEYS[1], 3600000)
return {1, f3(rate)}`;

/**
 * An advert read from an answer (`quota.ts` newQuota / quotaObserve), and units answered since the last report.
 * Not counted in the answer's `remaining`: the larger of the units in flight and those granted since its
 * request left (its send time in Redis time, estimated a round trip early; its own unit may be counted, a unit on
 * the safe side). KEYS: quota, grants. ARGV: remaining, limit (-1 unknown), resetMs, windowMs (-1 unknown), weight, ms since the answered
 * request was sent, completed units (this answer included). Returns { quota left, end ms from now, quota per window }.
 */
export const OBSERVE_LUA = `${NOW}${QUOTA}
local r, lim, reset, win, w, ago, completed = num(ARGV[1], 0), num(ARGV[2], -1), num(ARGV[3], 0), num(ARGV[4], -1), num(ARGV[5], 1), num(ARGV[6], 0), num(ARGV[7], 0)
local sentAt = now - ago
local bound = reset
if win > 0 and win < bound then bound = win end
local q = qload(KEYS[1])
local inflight = 0
if q then inflight = q.inflight - completed end
if inflight < 0 then inflight = 0 end
-- units granted since the request left, and (for a new estimate) within the last window
local since, recent, reached = 0, 0, false
local creating = not qactive(q)
local wl = win > 0 and win or reset
local log = redis.call('LRANGE', KEYS[2], 0, 255)
if #log < 256 then reached = true end -- the log holds every grant of its minute
for _, e in ipairs(log) do
  local sp = string.find(e, ' ')
  local gt = tonumber(string.sub(e, 1, sp - 1)) or 0
  local gw = tonumber(string.sub(e, sp + 1)) or 0
  if gt < now - wl then
    reached = true
    if gt < sentAt then break end
  else
    recent = recent + gw
  end
  if gt >= sentAt then since = since + gw end
  if gt < sentAt and not creating then break end
end
local uncounted = inflight
if since > uncounted then uncounted = since end
if creating then
  -- a new estimate: the window holds at least what we granted within its length (exact for a window we opened)
  local cap = lim > 0 and lim or r + w
  local left = r - uncounted
  if reached and cap - recent < left then left = cap - recent end
  q = {cap = cap, win = wl, left = left, endat = now + bound, since = sentAt, ra = 0, re = 0, rl = 0, rt = 0, inflight = inflight, gr = 0, grb = 0, es = ago, rf = 1, lg = -1e18}
  qplan(q, now)
  qsave(KEYS[1], q)
  return {f3(q.left), f3(q.endat - now), f3(q.cap)}
end
q.inflight = inflight
qroll(q, now, KEYS[2])
if sentAt >= q.since then
  -- an answer only ever tightens the shared estimate: its OBSERVE may run after other processes reported
  -- answers that hit after it, so it cannot be trusted to loosen one (the in-process limiter can: see quota.ts)
  q.rf = 1
  if lim > 0 then q.cap = lim elseif r + w > q.cap then q.cap = r + w end
  if win > 0 or wl > q.win then q.win = wl end
  local infl = uncounted
  if infl > q.cap then infl = q.cap end
  local changed = false
  if now + bound < q.endat then q.endat = now + bound; q.es = ago; changed = true end
  if r - infl < q.left then q.left = r - infl; changed = true end
  if changed then qplan(q, now) end
end
qsave(KEYS[1], q)
return {f3(q.left), f3(q.endat - now), f3(q.cap)}`;
