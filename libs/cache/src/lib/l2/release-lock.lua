-- Releases a lock only if it still holds the caller's token (compare-and-delete), so a caller whose
-- lock expired and was taken by someone else cannot delete the new holder's lock.
-- KEYS[1]: the lock key; ARGV[1]: the token acquireLock returned. Returns 1 if released, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
