/** A value the cache answered with, and where it came from. */
export interface CacheHit<T = unknown> {
  value: T;
  version: number;
  tier: 'l1' | 'l2' | 'loader';
  /** Past its TTL, served from the grace period (fail-safe). */
  stale: boolean;
  createdAt: number;
  expiresAt: number;
  staleUntil: number;
  /** Shared with the cache's copy: read-only (an L1 hit's is frozen). */
  tags: readonly string[];
}

export interface SetOptions {
  /** Overrides the namespace policy's TTL. */
  ttlSeconds?: number;
  tags?: string[];
  /** Carried into write-behind jobs so that worker logs join up with the request. */
  requestId?: string;
}

/** Loader of one key; `signal` aborts when the hard timeout passes. */
export type Loader<T> = (context: { key: string; signal: AbortSignal }) => Promise<T>;

/** Loader of many keys in one call; keys it leaves out of the map are misses (not cached). */
export type BatchLoader<T> = (keys: string[], context: { signal: AbortSignal }) => Promise<Map<string, T>>;

export interface LoadOptions extends SetOptions {
  /** With a stale value at hand, answer with it after this long and let the load finish in the background. */
  softTimeoutMs?: number;
  /** Give up on the loader after this long (stale value if any, else LOADER_TIMEOUT). */
  hardTimeoutMs?: number;
}

/** A write-through namespace's writer: runs before the set is acknowledged. `null` deletes. */
export type SourceWriter = (key: string, value: unknown | null) => Promise<void>;
