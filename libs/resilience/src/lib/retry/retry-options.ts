import type { RetryEvent } from './retry-event';

/** A retry's configuration. Delays follow "decorrelated jitter" (see {@link decorrelatedJitter}). */
export interface RetryOptions {
  /** Attempts in all, the first one included (default 3). */
  maxAttempts?: number;
  /** No attempt starts later than this after the first one (default: no limit). */
  maxElapsedMs?: number;
  /** The smallest delay between attempts (default 50 ms). */
  baseDelayMs?: number;
  /** The largest delay between attempts (default 5 000 ms). */
  maxDelayMs?: number;
  /**
   * Whether a failed attempt is worth another (default: every error except this library's
   * `BREAKER_OPEN` and `ABORTED`; see `isRetryablePgError` for PostgreSQL).
   */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Whether a returned value should be retried as if it had failed (default: never). */
  shouldRetryResult?: (value: unknown, attempt: number) => boolean;
  /** Called before each wait; for logs and metrics. */
  onRetry?: (event: RetryEvent) => void;
  /** A number in [0, 1) (default `Math.random`); tests pass a seeded one. */
  random?: () => number;
}
