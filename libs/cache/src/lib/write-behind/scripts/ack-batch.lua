-- Ends a flush the sink confirmed: removes each flushed entry only if it still holds the version
-- that was flushed (compare-and-delete), so a newer write that arrived during the flush stays
-- pending; then asks for another flush if entries are left and none is queued.
-- KEYS[1] pending HASH, KEYS[2] scheduled marker, KEYS[3] due marker
-- ARGV[1] batchSize, ARGV[2] marker TTL (ms), then pairs: ARGV[2i+1] user key, ARGV[2i+2] version
-- Returns { removed, pending, schedule } (schedule as in stage-write.lua)
local removed = 0
for i = 3, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current and string.match(current, '^(%d+)|') == ARGV[i + 1] then
    removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
local pending = redis.call('HLEN', KEYS[1])
local schedule = 0
if pending >= tonumber(ARGV[1]) then
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[2]) then schedule = 2 end
elseif pending > 0 and redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
  schedule = 1
end
return { removed, pending, schedule }
