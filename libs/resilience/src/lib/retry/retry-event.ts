/** Told to `onRetry` before each wait. */
export interface RetryEvent {
  /** The attempt that just failed (1 for the first call). */
  attempt: number;
  /** How long the retry waits before the next attempt. */
  delayMs: number;
  /** The attempt's error, or undefined when its result was retried (`shouldRetryResult`). */
  error: unknown;
}
