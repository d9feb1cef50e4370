import type { CacheEntryResponse } from '@hotpath/contracts';
import type { CacheHit } from '@hotpath/cache';
import { etagOf } from './http-caching';

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

/**
 * What every read of one hit answers with: its ETag, and its JSON around `ttlRemainingMs` (the one
 * field that changes from read to read) with the byte length of both parts.
 */
export interface EntryRepresentation {
  etag: string;
  head: string;
  tail: string;
  fixedBytes: number;
}

const representations = new WeakMap<CacheHit, EntryRepresentation>();

/**
 * The representation of a hit, made once: an L1 hit is the same object for every read of one write
 * (and belongs to one key), so its value is serialized once per write instead of once per read.
 * Undefined for a hit without a finite expiry (its TTL is not a number to write in).
 */
export function representationOf(
  namespace: string,
  key: string,
  hit: CacheHit,
): EntryRepresentation | undefined {
  if (!Number.isFinite(hit.expiresAt)) return undefined;
  let representation = representations.get(hit);
  if (representation === undefined) {
    // At `now = expiresAt` the TTL is 0: split there, past the value (the last fields are fixed).
    const whole = JSON.stringify(entryResponse(namespace, key, hit, hit.expiresAt));
    const ttl = whole.lastIndexOf(`${TTL_FIELD}0`) + TTL_FIELD.length;
    const head = whole.slice(0, ttl);
    const tail = whole.slice(ttl + 1);
    representation = {
      etag: etagOf(hit.version),
      head,
      tail,
      fixedBytes: Buffer.byteLength(head) + Buffer.byteLength(tail),
    };
    representations.set(hit, representation);
  }
  return representation;
}

/** The TTL `representation`'s hit has left at `now`, as its body writes it (ASCII digits). */
export function ttlTextOf(hit: CacheHit, now: number): string {
  return String(Math.max(0, hit.expiresAt - now));
}

/**
 * `JSON.stringify(entryResponse(namespace, key, hit, now))`; a fresh L1 hit's from its
 * representation. Other hits (from L2, a loader, or stale copies) are new objects on every read:
 * a representation of theirs would be made for one use.
 */
export function entryBody(namespace: string, key: string, hit: CacheHit, now = Date.now()): string {
  const representation = hit.tier === 'l1' && !hit.stale ? representationOf(namespace, key, hit) : undefined;
  if (representation === undefined) return JSON.stringify(entryResponse(namespace, key, hit, now));
  return representation.head + ttlTextOf(hit, now) + representation.tail;
}
