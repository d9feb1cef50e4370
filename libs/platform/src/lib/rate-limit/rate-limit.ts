/** A sustained rate with a burst allowance. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** How long to wait before the next request is allowed (0 when allowed). */
  retryAfterMs: number;
  /** Requests still allowed right now. */
  remaining: number;
  /** When the bucket is full again. */
  resetMs: number;
}
