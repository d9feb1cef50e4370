-- Generic Cell Rate Algorithm: one key per caller holds its theoretical arrival time (TAT).
-- KEYS[1]  the caller's key
-- ARGV[1]  emission interval in ms (1000 / requests per second)
-- ARGV[2]  burst: how many requests may arrive at once
-- ARGV[3]  cost of this request in cells
-- Returns { allowed (0|1), retryAfterMs, remaining, resetMs }.
-- The clock is Redis's own, so every instance of a service agrees on it.
local emission = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000

local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end

local newTat = tat + emission * cost
local allowAt = newTat - emission * burst
if allowAt > now then
  return { 0, math.ceil(allowAt - now), 0, math.ceil(tat - now) }
end

redis.call('SET', KEYS[1], tostring(newTat), 'PX', math.max(1, math.ceil(newTat - now)))
return { 1, 0, math.floor((now - allowAt) / emission), math.ceil(newTat - now) }
