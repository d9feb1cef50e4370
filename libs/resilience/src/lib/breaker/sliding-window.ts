/** Bit of a recorded call that failed. */
export const FAILED = 1;
/** Bit of a recorded call that was slow. */
export const SLOW = 2;

/**
 * The calls a closed breaker judges by: totals over the last N calls or the last N seconds,
 * updated in O(1) per call without allocating.
 */
export interface SlidingWindow {
  /** Calls in the window. */
  readonly calls: number;
  /** Of which failed. */
  readonly failures: number;
  /** Of which were slow. */
  readonly slow: number;
  /** Adds one call (`FAILED | SLOW` bits) at time `now` (ms). */
  record(flags: number, now: number): void;
  /** Drops calls that have left the window by `now` (a time window; a count window ignores it). */
  advance(now: number): void;
  reset(): void;
}
