/** `fetch` options plus the balancing ones. */
export interface BalancedRequestInit extends RequestInit {
  /** Sticky key for consistent hashing (a user id, a cache key). */
  key?: string;
}
