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

/** A representation, with the write it was made for. */
interface Memo extends EntryRepresentation {
  namespace: string;
  key: string;
  version: number;
}

/**
 * Representations by the stored value they were made for. Every L1 read builds a new hit, but its
 * `value` is the object the write stored, the same for every read of that write, so a value with
 * its namespace, key and version (checked: one object may be stored under several keys, or again)
 * names one write. Held weakly: a representation goes when L1 lets go of its value.
 */
const representations = new WeakMap<object, Memo>();

/**
 * The representation of a fresh L1 hit, made once per write when its value is an object: the value
 * is serialized once, not once per read. A primitive value (nothing to hold a representation by
 * weakly) is serialized at each read, which for a primitive is quick. Undefined for a hit without
 * a finite expiry (its TTL is not a number to write in).
 */
export function representationOf(
  namespace: string,
  key: string,
  hit: CacheHit,
): EntryRepresentation | undefined {
  if (!Number.isFinite(hit.expiresAt)) return undefined;
  const { value } = hit;
  if (typeof value !== 'object' || value === null) return representationFor(namespace, key, hit);
  const memo = representations.get(value);
  if (memo?.version === hit.version && memo.key === key && memo.namespace === namespace) return memo;
  const made = representationFor(namespace, key, hit);
  representations.set(value, made);
  return made;
}

function representationFor(namespace: string, key: string, hit: CacheHit): Memo {
  // At `now = expiresAt` the TTL is 0: split there, past the value (the last fields are fixed).
  const whole = JSON.stringify(entryResponse(namespace, key, hit, hit.expiresAt));
  const ttl = whole.lastIndexOf(`${TTL_FIELD}0`) + TTL_FIELD.length;
  const head = whole.slice(0, ttl);
  const tail = whole.slice(ttl + 1);
  return {
    etag: etagOf(hit.version),
    head,
    tail,
    fixedBytes: Buffer.byteLength(head) + Buffer.byteLength(tail),
    namespace,
    key,
    version: hit.version,
  };
}

/** The TTL `representation`'s hit has left at `now`, as its body writes it (ASCII digits). */
export function ttlTextOf(hit: CacheHit, now: number): string {
  return String(Math.max(0, hit.expiresAt - now));
}

/**
 * `JSON.stringify(entryResponse(namespace, key, hit, now))`; a fresh L1 hit's from its
 * representation. Other hits (from L2, a loader, or stale copies) hold values decoded or loaded for
 * this read: a representation of theirs would be made for one use.
 */
export function entryBody(namespace: string, key: string, hit: CacheHit, now = Date.now()): string {
  const representation = hit.tier === 'l1' && !hit.stale ? representationOf(namespace, key, hit) : undefined;
  if (representation === undefined) return JSON.stringify(entryResponse(namespace, key, hit, now));
  return representation.head + ttlTextOf(hit, now) + representation.tail;
}
