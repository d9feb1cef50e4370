import type { Cluster, Redis } from 'ioredis';
import gcraScript from './gcra.lua';
import type { RateLimit, RateLimitDecision } from './rate-limit';

type GcraReply = [number, number, number, number];
type WithGcra = {
  hotpathGcra(key: string, emissionMs: number, burst: number, cost: number): Promise<GcraReply>;
};

/**
 * Fleet-wide rate limiting: GCRA evaluated atomically in Redis (one Lua script, one round trip,
 * one key per caller), so every instance of a service shares each caller's budget.
 */
export class RedisRateLimiter {
  private readonly client: (Redis | Cluster) & WithGcra;

  constructor(
    client: Redis | Cluster,
    private readonly prefix = 'hotpath:rl:',
  ) {
    if (!('hotpathGcra' in client)) client.defineCommand('hotpathGcra', { numberOfKeys: 1, lua: gcraScript });
    this.client = client as (Redis | Cluster) & WithGcra;
  }

  async consume(key: string, limit: RateLimit, cost = 1): Promise<RateLimitDecision> {
    const [allowed, retryAfterMs, remaining, resetMs] = await this.client.hotpathGcra(
      `${this.prefix}${key}`,
      1000 / limit.perSecond,
      limit.burst,
      cost,
    );
    return { allowed: allowed === 1, retryAfterMs, remaining, resetMs };
  }
}
