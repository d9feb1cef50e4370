import { InvalidationBus, RedisL2Tier, StaticPolicySource, TieredCache } from '@hotpath/cache';
import type { Redis } from 'ioredis';

/**
 * A TieredCache with both tiers and a started coherence bus on `redis`, as a service runs it: the
 * namespace `namespace` keeps an hour's TTL. `stop()` stops the bus (the caller quits `redis`).
 */
export async function twoTierCache(
  redis: Redis,
  prefix: string,
  namespace: string,
): Promise<{ cache: TieredCache; stop(): Promise<void> }> {
  const instanceId = `${prefix}-l1l2`;
  const bus = new InvalidationBus({
    publisher: redis,
    createSubscriber: () => redis.duplicate({ connectionName: `${prefix}-bus-sub` }),
    instanceId,
    channel: `${prefix}:bus`,
  });
  await bus.start();
  const cache = new TieredCache({
    instanceId,
    policies: new StaticPolicySource([{ namespace, tiers: ['l1', 'l2'], ttlSeconds: 3600 }]),
    l2: new RedisL2Tier({ redis, keyPrefix: prefix }),
    bus,
  });
  return { cache, stop: () => bus.stop() };
}
