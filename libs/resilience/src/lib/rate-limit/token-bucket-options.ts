/** A token bucket's configuration. */
export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). */
  perSecond: number;
  /** Size of the bucket: how many calls may come at once after a quiet period (default `perSecond`). */
  burst?: number;
  /** Milliseconds, never going backwards (default `performance.now`). */
  clock?: () => number;
}
