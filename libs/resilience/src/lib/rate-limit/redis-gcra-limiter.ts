import type { RateLimitDecision } from '@hotpath/platform';
import type { Cluster, Redis } from 'ioredis';
import { checkOption } from '../errors/check-option';
import { ResilienceError } from '../errors/resilience.error';
import gcraScript from './gcra.lua';
import { gcraKey } from './gcra-key';
import type { RateLimiter } from './rate-limiter';
import type { RedisGcraLimiterOptions } from './redis-gcra-limiter-options';

type GcraReply = [number, number, number, number];
type WithGcra = {
  hotpathResilienceGcra(key: string, emissionMs: number, burst: number, cost: number): Promise<GcraReply>;
};

const NAME = /^[a-z0-9._:-]{1,64}$/;

/**
 * A limit shared by every instance of a service: GCRA evaluated atomically in Redis (one Lua
 * script, one round trip, one key per bucket, Redis's clock). `tryAcquire` uses the limit's own
 * bucket; `consume(bucket)` keeps separate budgets per caller under the same limit.
 */
export class RedisGcraLimiter implements RateLimiter {
  readonly name: string;
  readonly perSecond: number;
  readonly burst: number;
  private readonly client: (Redis | Cluster) & WithGcra;
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
    const client = options.client;
    if (!('hotpathResilienceGcra' in client)) {
      client.defineCommand('hotpathResilienceGcra', { numberOfKeys: 1, lua: gcraScript });
    }
    this.client = client as (Redis | Cluster) & WithGcra;
  }

  tryAcquire(cost = 1): Promise<RateLimitDecision> {
    return this.consume('all', cost);
  }

  /** Takes `cost` from the budget of `bucket` (a caller, a tenant) under this limit. */
  async consume(bucket: string, cost = 1): Promise<RateLimitDecision> {
    checkOption(`${this.name}: cost`, cost, 1, this.burst, true);
    try {
      const [allowed, retryAfterMs, remaining, resetMs] = await this.client.hotpathResilienceGcra(
        gcraKey(this.prefix, this.name, bucket),
        1000 / this.perSecond,
        this.burst,
        cost,
      );
      return { allowed: allowed === 1, retryAfterMs, remaining, resetMs };
    } catch (error) {
      if (!this.failOpen) throw error;
      return { allowed: true, retryAfterMs: 0, remaining: 0, resetMs: 0 };
    }
  }
}
