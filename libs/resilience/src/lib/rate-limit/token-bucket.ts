import type { RateLimitDecision } from '@hotpath/platform';
import { checkOption } from '../errors/check-option';
import type { RateLimiter } from './rate-limiter';
import type { TokenBucketOptions } from './token-bucket-options';

/**
 * A local rate limit for one process: `burst` tokens refilled at `perSecond`. Refill is computed
 * on demand from the elapsed time, so there is no timer. For a budget shared by every instance
 * of a service use {@link RedisGcraLimiter}.
 */
export class TokenBucket implements RateLimiter {
  readonly perSecond: number;
  readonly burst: number;
  private readonly clock: () => number;
  private tokens: number;
  private refilledAt: number;

  constructor(options: TokenBucketOptions) {
    this.perSecond = checkOption('tokenBucket.perSecond', options.perSecond, Number.MIN_VALUE);
    this.burst = checkOption('tokenBucket.burst', options.burst ?? Math.max(1, options.perSecond), 1);
    this.clock = options.clock ?? (() => performance.now());
    this.tokens = this.burst;
    this.refilledAt = this.clock();
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** True, taking `cost` tokens, when there are enough; false otherwise. Allocates nothing. */
  tryTake(cost = 1): boolean {
    this.refill();
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  tryAcquire(cost = 1): RateLimitDecision {
    const allowed = this.tryTake(cost);
    const missing = allowed ? 0 : cost - this.tokens;
    return {
      allowed,
      retryAfterMs: allowed ? 0 : Math.ceil((missing * 1000) / this.perSecond),
      remaining: Math.floor(this.tokens),
      resetMs: Math.ceil(((this.burst - this.tokens) * 1000) / this.perSecond),
    };
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = now - this.refilledAt;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    this.refilledAt = now;
  }
}
