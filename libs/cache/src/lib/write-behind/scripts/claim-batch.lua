-- Starts a flush: clears the markers (a write from now on queues a flush of its own, so nothing
-- staged after this read waits for a job that already ran) and reads up to batchSize pending
-- entries, chosen at random so that no key starves behind a busy part of the hash. Nothing is
-- removed: entries leave the hash only in ack-batch.lua, once the sink confirmed them.
-- KEYS[1] pending HASH, KEYS[2] scheduled marker, KEYS[3] due marker, KEYS[4] config
-- ARGV[1] batchSize
-- Returns { config or false, field1, value1, field2, value2, ... }
redis.call('DEL', KEYS[2], KEYS[3])
local config = redis.call('GET', KEYS[4])
local batchSize = tonumber(ARGV[1])
local result = { config }
local entries
if redis.call('HLEN', KEYS[1]) <= batchSize then
  entries = redis.call('HGETALL', KEYS[1])
else
  entries = redis.call('HRANDFIELD', KEYS[1], batchSize, 'WITHVALUES')
end
for i = 1, #entries do result[i + 1] = entries[i] end
return result
