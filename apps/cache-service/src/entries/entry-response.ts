import type { CacheEntryResponse } from '@hotpath/contracts';
import type { CacheHit } from '@hotpath/cache';

/** The wire form of a cache hit. */
export function entryResponse(
  namespace: string,
  key: string,
  hit: CacheHit,
  now = Date.now(),
): CacheEntryResponse {
  return {
    key,
    namespace,
    value: hit.value,
    version: hit.version,
    tier: hit.tier,
    ttlRemainingMs: Math.max(0, hit.expiresAt - now),
    stale: hit.stale,
  };
}
