-- Stages one acknowledged write-behind write: the key's pending entry becomes this write unless a
-- newer version is already pending (then the write is superseded and nothing changes), and a
-- flush job is asked for when none is queued. Atomic, so two instances writing the same key
-- concurrently always leave the higher version pending.
-- KEYS[1] pending HASH, KEYS[2] scheduled marker, KEYS[3] due marker, KEYS[4] config
-- ARGV[1] user key, ARGV[2] version (integer), ARGV[3] JSON of { value, requestId },
-- ARGV[4] maxPending, ARGV[5] batchSize, ARGV[6] marker TTL (ms), ARGV[7] config JSON
-- Returns { staged, pending, schedule }:
--   staged   1 staged, 0 superseded by a newer pending version, -1 refused (backlog at maxPending)
--   pending  entries waiting in the namespace after the call
--   schedule 0 a flush is already queued, 1 queue a delayed flush, 2 queue an immediate flush
local version = tonumber(ARGV[2])
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local currentVersion = tonumber(string.match(current, '^(%d+)|'))
  if currentVersion >= version then
    return { 0, redis.call('HLEN', KEYS[1]), 0 }
  end
elseif redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return { -1, redis.call('HLEN', KEYS[1]), 0 }
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
redis.call('SET', KEYS[4], ARGV[7])
local pending = redis.call('HLEN', KEYS[1])
local schedule = 0
if pending >= tonumber(ARGV[5]) then
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[6]) then schedule = 2 end
elseif redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[6]) then
  schedule = 1
end
return { 1, pending, schedule }
