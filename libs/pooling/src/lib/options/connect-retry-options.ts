/**
 * Retry of a failing connection attempt (refused, reset, `too many connections`, server starting or
 * shutting down): exponential backoff with full jitter, bounded by `attempts` and by the acquire
 * deadline of the caller that asked for the connection. Authentication or unknown-database errors
 * are never retried.
 */
export interface ConnectRetryOptions {
  /** Attempts in all, the first one included. Default 3. */
  attempts?: number;
  /** Ceiling of the first backoff; doubles on each retry. Default 50 ms. */
  baseDelayMs?: number;
  /** Ceiling of any backoff. Default 1000 ms. */
  maxDelayMs?: number;
}
