import type { RateLimitDecision } from '@hotpath/platform';

/** Something that grants or refuses budget: a local {@link TokenBucket} or the fleet-wide {@link RedisGcraLimiter}. */
export interface RateLimiter {
  /** Takes `cost` units of budget if there are that many; never waits. */
  tryAcquire(cost?: number): RateLimitDecision | Promise<RateLimitDecision>;
}
