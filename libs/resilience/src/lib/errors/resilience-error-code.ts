/** Stable codes of {@link ResilienceError}; callers switch on these, never on messages. */
export type ResilienceErrorCode =
  /** A policy or balancer option is missing, not a number, or out of range. */
  | 'INVALID_OPTIONS'
  /** The circuit breaker is open (or forced open): the call was not attempted. */
  | 'BREAKER_OPEN'
  /** The operation did not settle within its timeout; its signal was aborted. */
  | 'TIMEOUT'
  /** The bulkhead is at its concurrency limit and its queue is full. */
  | 'BULKHEAD_FULL'
  /** The rate limiter has no budget left for this call. */
  | 'RATE_LIMITED'
  /** The caller's signal was aborted before or while the call was waiting. */
  | 'ABORTED'
  /** No upstream is configured, or every upstream refused the request. */
  | 'NO_UPSTREAM'
  /** An upstream answered with a status the client treats as a failure (5xx by default). */
  | 'UPSTREAM_FAILED';
