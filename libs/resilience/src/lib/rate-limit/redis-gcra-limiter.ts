import { type RateLimitDecision, RedisRateLimiter } from '@hotpath/platform';
import { checkOption } from '../errors/check-option';
import { ResilienceError } from '../errors/resilience.error';
import { gcraKey } from './gcra-key';
import type { RateLimiter } from './rate-limiter';
import type { RedisGcraLimiterOptions } from './redis-gcra-limiter-options';

const NAME = /^[a-z0-9._:-]{1,64}$/;

/**
 * A limit shared by every instance of a service: GCRA evaluated atomically in Redis (one Lua
 * script, one round trip, one key per bucket, Redis's clock) — the platform's `RedisRateLimiter`,
 * which also limits API keys, under a named limit with this library's options and errors. `tryAcquire` uses the limit's own
 * bucket; `consume(bucket)` keeps separate budgets per caller under the same limit.
 */
export class RedisGcraLimiter implements RateLimiter {
  readonly name: string;
  readonly perSecond: number;
  readonly burst: number;
  private readonly remote: RedisRateLimiter;
  private readonly prefix: string;
  private readonly failOpen: boolean;

  constructor(options: RedisGcraLimiterOptions) {
    if (!NAME.test(options.name)) {
      throw new ResilienceError('INVALID_OPTIONS', `rate limit name must match ${NAME}, got '${options.name}'`);
    }
    this.name = options.name;
    this.perSecond = checkOption(`${options.name}.perSecond`, options.perSecond, Number.MIN_VALUE);
    this.burst = checkOption(`${options.name}.burst`, options.burst ?? Math.max(1, Math.floor(options.perSecond)), 1, Infinity, true);
    this.prefix = options.prefix ?? 'hotpath:rl:';
    this.failOpen = options.failOpen ?? false;
    // Keys are built here (gcraKey), so the platform limiter gets no prefix of its own.
    this.remote = new RedisRateLimiter(options.client, '');
  }

  tryAcquire(cost = 1): Promise<RateLimitDecision> {
    return this.consume('all', cost);
  }

  /** Takes `cost` from the budget of `bucket` (a caller, a tenant) under this limit. */
  async consume(bucket: string, cost = 1): Promise<RateLimitDecision> {
    checkOption(`${this.name}: cost`, cost, 1, this.burst, true);
    try {
      return await this.remote.consume(
        gcraKey(this.prefix, this.name, bucket),
        { perSecond: this.perSecond, burst: this.burst },
        cost,
      );
    } catch (error) {
      if (!this.failOpen) throw error;
      return { allowed: true, retryAfterMs: 0, remaining: 0, resetMs: 0 };
    }
  }
}
