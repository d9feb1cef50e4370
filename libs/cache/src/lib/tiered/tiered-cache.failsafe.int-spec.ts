import { randomUUID } from 'node:crypto';
import { startThrowawayRedis, type ThrowawayRedis } from '@hotpath/testing';
import { Redis } from 'ioredis';
import { RedisL2Tier } from '../l2/redis-l2-tier';
import { StaticPolicySource } from '../policy/static-policy-source';
import { TieredCache } from './tiered-cache';

describe('fail-safe when Redis is stopped (a throw-away redis-server)', () => {
  let server: ThrowawayRedis;
  let redis: Redis;
  let cache: TieredCache;
  let now = Date.now();

  beforeAll(async () => {
    server = await startThrowawayRedis();
    redis = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await new Promise((resolve) => redis.once('ready', resolve));
    cache = new TieredCache({
      instanceId: 'failsafe',
      policies: new StaticPolicySource([
        { namespace: 'cfg', ttlSeconds: 1, graceSeconds: 600, ttlJitterRatio: 0 },
      ]),
      l2: new RedisL2Tier({ redis, keyPrefix: `test-${randomUUID().slice(0, 8)}`, operationTimeoutMs: 200 }),
      clock: () => now,
    });
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.kill();
  });

  it('keeps answering: stale values within grace, fresh loads uncached, and refuses writes it cannot store', async () => {
    await cache.set('cfg', 'flags', { beta: true });
    await server.kill();
    now += 5_000; // past the TTL, inside the grace period

    const failingLoader = async () => {
      throw new Error('config service down too');
    };
    const started = Date.now();
    expect(await cache.getOrLoad('cfg', 'flags', failingLoader)).toMatchObject({
      value: { beta: true },
      stale: true,
    });
    expect(Date.now() - started).toBeLessThan(1000);

    expect(await cache.getOrLoad('cfg', 'other', async () => 'fresh')).toMatchObject({
      value: 'fresh',
      tier: 'loader',
    });
    await expect(cache.set('cfg', 'flags', { beta: false })).rejects.toMatchObject({
      code: 'L2_UNAVAILABLE',
    });
    expect(cache.statistics.snapshot().namespaces.cfg.l2.errors).toBeGreaterThan(0);
  });
});
