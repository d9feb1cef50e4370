export interface L2BreakerOptions {
  /** Consecutive failed L2 calls that open the breaker. Default 5. */
  failureThreshold?: number;
  /** How long the breaker stays open before it lets one probe through. Default 2000 ms. */
  openMs?: number;
  /** Epoch milliseconds; injectable for tests. Default `Date.now`. */
  clock?: () => number;
}
