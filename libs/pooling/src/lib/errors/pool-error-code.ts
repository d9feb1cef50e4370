/** Stable codes of {@link PoolError}; callers switch on these, never on messages. */
export type PoolErrorCode =
  /** A pool, cluster, advisor or renderer option is missing, not an integer, or out of range. */
  | 'INVALID_OPTIONS'
  /** No connection could be handed out within the acquire timeout (the pool stayed exhausted). */
  | 'ACQUIRE_TIMEOUT'
  /** The acquire was aborted by its caller's AbortSignal before a connection was handed out. */
  | 'ACQUIRE_ABORTED'
  /** A new connection could not be opened (after the retries the error allowed). */
  | 'CONNECT_FAILED'
  /** The pool was ended: it hands out nothing any more. */
  | 'POOL_ENDED'
  /** `release()` was called twice for the same borrow. */
  | 'DOUBLE_RELEASE'
  /** The primary cannot hand out a connection: the service is not ready. */
  | 'UNAVAILABLE';
