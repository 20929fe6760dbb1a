// Lua run by Redis as one atomic step. The clock is Redis's own (TIME), so every instance counts on
// the same clock whatever its own drifts to.

/** KEYS: the key. ARGV: expected, next, ttlMs ('inf' keeps it). */
export const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == 'inf' then redis.call('SET', KEYS[1], ARGV[2])
else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

/** KEYS: the key. ARGV: expected. */
export const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

/**
 * One limiter step; mirrors limitStep() of the memory store.
 * KEYS: sent, highSent, held, highHeld, waiting (sorted sets; release times, or hold/wait expiries).
 * ARGV: op, id, priority, holdMs, highWaitMs, heldPollMs, then (sizeMs, limit, reserve) per window.
 * Returns { granted (0/1), retryInMs }.
 */
export const LIMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local op, id, high = ARGV[1], ARGV[2], ARGV[3] == 'high'
local holdMs, highWaitMs, pollMs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local windows = {}
local longest = 0
for i = 7, #ARGV, 3 do
  local w = { size = tonumber(ARGV[i]), limit = tonumber(ARGV[i + 1]), reserve = tonumber(ARGV[i + 2]) }
  windows[#windows + 1] = w
  if w.size > longest then longest = w.size end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - longest)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
local keep = longest + holdMs + highWaitMs
local function touch()
  for k = 1, 5 do redis.call('PEXPIRE', KEYS[k], keep) end
end

if op == 'release' then
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZADD', KEYS[1], now, id)
  if high then redis.call('ZADD', KEYS[2], now, id) end
  touch()
  return { 1, 0 }
end
if not high and redis.call('ZCARD', KEYS[5]) > 0 then return { 0, pollMs } end

local held = redis.call('ZCARD', KEYS[3])
local highHeld = redis.call('ZCARD', KEYS[4])
local wait = 0
local recheck = math.huge
for _, w in ipairs(windows) do
  local start = now - w.size
  local reserved = 0
  if not high then
    local recent = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. start, '+inf', 'WITHSCORES')
    local count = #recent / 2
    reserved = math.min(w.limit - 1, math.max(w.reserve, count + highHeld))
    if count > 0 and reserved > w.reserve then
      recheck = math.min(recheck, tonumber(recent[2]) - start)
    end
  end
  local room = w.limit - reserved - held
  if room <= 0 then
    wait = math.max(wait, pollMs)
  else
    local edge = redis.call('ZREVRANGE', KEYS[1], room - 1, room - 1, 'WITHSCORES')
    if edge[2] ~= nil and tonumber(edge[2]) > start then
      wait = math.max(wait, tonumber(edge[2]) - start)
    end
  end
end
wait = math.min(wait, recheck)
if wait <= 0 then
  redis.call('ZADD', KEYS[3], now + holdMs, id)
  if high then redis.call('ZADD', KEYS[4], now + holdMs, id) end
  redis.call('ZREM', KEYS[5], id)
  touch()
  return { 1, 0 }
end
if high then
  redis.call('ZADD', KEYS[5], now + math.ceil(wait) + highWaitMs, id)
  touch()
end
return { 0, math.ceil(wait) }`;
