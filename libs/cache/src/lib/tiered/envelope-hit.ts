import { pack } from 'msgpackr';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { CacheError } from '../errors/cache.error';
import type { CachePolicy } from '../policy/cache-policy';
import type { CacheHit, SetOptions } from './cache-hit';

/** The engine's guard on a value's msgpack size (the API limits values to 1 MiB of JSON first). */
const MAX_VALUE_BYTES = 3 * 1024 * 1024;

/** The answer for an envelope found in a tier. */
export function hitOf(envelope: CacheEnvelope, tier: CacheHit['tier'], stale: boolean): CacheHit {
  return {
    value: envelope.value,
    version: envelope.version,
    tier,
    stale,
    createdAt: envelope.createdAt,
    expiresAt: envelope.expiresAt,
    staleUntil: envelope.staleUntil,
    tags: envelope.tags,
  };
}

/** Bytes of a value as msgpack: the measure of L1's byte bound, guarded at 3 MiB. */
export function encodedSize(value: unknown): number {
  const size = pack(value).length;
  if (size > MAX_VALUE_BYTES) {
    throw new CacheError(
      'VALUE_TOO_LARGE',
      `the value is ${size} bytes encoded; the limit is ${MAX_VALUE_BYTES} bytes (3 MiB)`,
    );
  }
  return size;
}

/** A new envelope for `value`: the policy's TTL (or the caller's) spread by its jitter, then its grace. */
export function newEnvelope(
  policy: CachePolicy,
  value: unknown,
  options: SetOptions,
  now: number,
  version: number,
  random: number,
): CacheEnvelope {
  const ttlMs = (options.ttlSeconds ?? policy.ttlSeconds) * 1000;
  const jitter = 1 + policy.ttlJitterRatio * (2 * random - 1);
  const expiresAt = now + Math.max(1, Math.round(ttlMs * jitter));
  return {
    value,
    version,
    createdAt: now,
    expiresAt,
    staleUntil: expiresAt + policy.graceSeconds * 1000,
    // Its own frozen copy: a caller that changes its array afterwards changes nothing stored, and L1
    // keeps this one as it is.
    tags: Object.freeze(options.tags ? [...options.tags] : []),
  };
}
