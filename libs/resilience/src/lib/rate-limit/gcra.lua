-- Generic Cell Rate Algorithm for a fleet-wide limit: one key per bucket holds its theoretical
-- arrival time (TAT), in ms on Redis's own clock, so every instance of a service agrees on time.
-- KEYS[1]  the bucket's key
-- ARGV[1]  emission interval in ms (1000 / sustained rate per second)
-- ARGV[2]  burst: how many cells may arrive at once
-- ARGV[3]  cost of this call in cells (1..burst)
-- Returns { allowed (0|1), retryAfterMs, remaining, resetMs }.
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
  return { 0, math.ceil(allowAt - now), math.max(0, math.floor((now - (tat - emission * burst)) / emission)), math.ceil(tat - now) }
end

-- The key lives exactly as long as it carries information: once TAT is in the past it is a full bucket.
redis.call('SET', KEYS[1], tostring(newTat), 'PX', math.max(1, math.ceil(newTat - now)))
return { 1, 0, math.floor((now - allowAt) / emission), math.ceil(newTat - now) }
