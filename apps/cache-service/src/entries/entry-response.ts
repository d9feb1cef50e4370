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

const TTL_FIELD = '"ttlRemainingMs":';

/** The JSON of each hit around its `ttlRemainingMs`, the one field that changes from read to read. */
const bodies = new WeakMap<CacheHit, { head: string; tail: string }>();

/**
 * `JSON.stringify(entryResponse(namespace, key, hit, now))`, with the hit's JSON made once: an L1
 * hit is the same object for every read of one write (and belongs to one key), so the value is
 * serialized once per write instead of once per read, and a read only writes in its TTL.
 */
export function entryBody(namespace: string, key: string, hit: CacheHit, now = Date.now()): string {
  if (!Number.isFinite(hit.expiresAt)) return JSON.stringify(entryResponse(namespace, key, hit, now));
  let body = bodies.get(hit);
  if (body === undefined) {
    // At `now = expiresAt` the TTL is 0: split there, past the value (the last fields are fixed).
    const whole = JSON.stringify(entryResponse(namespace, key, hit, hit.expiresAt));
    const ttl = whole.lastIndexOf(`${TTL_FIELD}0`) + TTL_FIELD.length;
    body = { head: whole.slice(0, ttl), tail: whole.slice(ttl + 1) };
    bodies.set(hit, body);
  }
  return body.head + Math.max(0, hit.expiresAt - now) + body.tail;
}
