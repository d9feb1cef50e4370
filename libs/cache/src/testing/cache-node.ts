import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { InvalidationBus } from '../lib/bus/invalidation-bus';
import type { CachePolicyInput } from '../lib/policy/cache-policy';
import { StaticPolicySource } from '../lib/policy/static-policy-source';
import { RedisL2Tier } from '../lib/l2/redis-l2-tier';
import { TieredCache } from '../lib/tiered/tiered-cache';
import type { TieredCacheOptions } from '../lib/tiered/tiered-cache-options';

/** One cache instance as a service runs it: its own Redis connections, L2 tier, bus and L1. */
export interface CacheNode {
  cache: TieredCache;
  bus: InvalidationBus;
  l2: RedisL2Tier;
  redis: Redis;
  subscriberName: string;
  close(): Promise<void>;
}

export interface CacheNodeOptions {
  redisUrl: string;
  keyPrefix: string;
  channel: string;
  policies: CachePolicyInput[];
  extra?: Partial<TieredCacheOptions>;
}

export async function startCacheNode(options: CacheNodeOptions): Promise<CacheNode> {
  const instanceId = `node-${randomUUID().slice(0, 8)}`;
  const subscriberName = `hotpath-bus-sub-${instanceId}`;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  const publisher = new Redis(options.redisUrl);
  const bus = new InvalidationBus({
    publisher,
    createSubscriber: () => new Redis(options.redisUrl, { connectionName: subscriberName }),
    instanceId,
    channel: options.channel,
  });
  await bus.start();
  // Connected before the caller starts timing anything (a first command would otherwise wait for the handshake).
  if (redis.status !== 'ready') await once(redis, 'ready');
  const l2 = new RedisL2Tier({ redis, keyPrefix: options.keyPrefix, operationTimeoutMs: 1000 });
  const cache = new TieredCache({
    instanceId,
    policies: new StaticPolicySource(options.policies),
    l2,
    bus,
    ...options.extra,
  });
  return {
    cache,
    bus,
    l2,
    redis,
    subscriberName,
    async close() {
      await bus.stop();
      publisher.disconnect();
      redis.disconnect();
    },
  };
}
