import type { RateLimit, RateLimitDecision } from './rate-limit';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per caller, in this process only: how {@link LeasedRateLimiter} limits callers
 * while Redis cannot be asked. A caller gets its own limit from each instance (a bucket starts
 * full: `burst` at once, then `perSecond`), so the fleet admits up to that many times the limit
 * during an outage: more than the limit, never unlimited.
 */
export class LocalTokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number) {}

  take(name: string, limit: RateLimit): RateLimitDecision {
    const now = this.clock();
    let bucket = this.buckets.get(name);
    if (bucket === undefined) {
      bucket = { tokens: limit.burst, updatedAt: now };
      this.buckets.set(name, bucket);
    } else {
      const refill = ((now - bucket.updatedAt) * limit.perSecond) / 1000;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + Math.max(0, refill));
      bucket.updatedAt = now;
    }
    const msPerToken = 1000 / limit.perSecond;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) * msPerToken)),
      remaining: Math.floor(bucket.tokens),
      resetMs: Math.ceil((limit.burst - bucket.tokens) * msPerToken),
    };
  }
}
