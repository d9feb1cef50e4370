/** Stable codes of {@link CacheError}; callers switch on these, never on messages. */
export type CacheErrorCode =
  /** A store or sketch option is missing, not an integer, or out of range. */
  | 'INVALID_OPTIONS'
  /** An entry's `size` is negative or not finite, or `staleUntil` is before `expiresAt`. */
  | 'INVALID_ENTRY'
  /** An entry's `size` is larger than the store's `maxBytes`: it could never be resident. */
  | 'ENTRY_TOO_LARGE'
  /** A key is empty, longer than 512 bytes of UTF-8, or holds control characters. */
  | 'INVALID_KEY'
  /** A namespace does not match `[a-z0-9][a-z0-9._-]{0,63}`. */
  | 'INVALID_NAMESPACE'
  /** A glob pattern is empty, too long or malformed. */
  | 'INVALID_PATTERN'
  /** A paging cursor was not produced by this service (malformed or tampered with). */
  | 'INVALID_CURSOR'
  /** An encoded value is larger than the 1 MiB limit. */
  | 'VALUE_TOO_LARGE'
  /** An L2 (Redis) operation did not answer within its timeout. */
  | 'L2_TIMEOUT'
  /** L2 is unreachable or its circuit breaker is open. */
  | 'L2_UNAVAILABLE'
  /** A loader did not answer within its hard timeout and no stale value could be served. */
  | 'LOADER_TIMEOUT'
  /** A loader failed and no stale value could be served. */
  | 'LOADER_FAILED'
  /** A write-through writer failed: the value was not stored. */
  | 'WRITER_FAILED'
  /** The coherence bus (queue Redis) is unreachable. */
  | 'BUS_UNAVAILABLE';
