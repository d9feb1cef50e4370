import { StaticPolicySource, TieredCache } from '@hotpath/cache';
import type { ServiceConfig } from '@hotpath/platform';
import { startThrowawayRedis, type ThrowawayRedis, unlinkMatching } from '@hotpath/testing';
import { Redis } from 'ioredis';
import { CompressionSavings } from './compression-savings';
import {
  FleetStatistics,
  MAX_INSTANCES,
  MAX_LATEST_NAMESPACES,
  MAX_SERIES_NAMESPACES,
  RETENTION_MS,
} from './fleet-statistics';

const KEY = 'hotpath:cache:stats';
const NOW = 1_900_000_000_000;

/**
 * Against a Redis of its own: the keys are the fleet's fixed ones, and these specs write hundreds
 * of instances into them, which must not reach the e2e suites' instances on the shared Redis.
 */
describe('FleetStatistics in Redis (bounded)', () => {
  let server: ThrowawayRedis;
  let redis: Redis;

  beforeAll(async () => {
    server = await startThrowawayRedis();
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.kill();
  });

  beforeEach(() => unlinkMatching(redis, `${KEY}:*`));

  function instance(instanceId: string) {
    const cache = new TieredCache({ instanceId, policies: new StaticPolicySource() });
    const config = { instanceId } as ServiceConfig;
    return { cache, fleet: new FleetStatistics(cache, new CompressionSavings(), redis, config) };
  }

  it('publishes at most the busiest namespaces, with every count in the totals', async () => {
    const { cache, fleet } = instance('a');
    const namespaces = MAX_LATEST_NAMESPACES + 100;
    for (let i = 0; i < namespaces; i++) cache.statistics.of(`ns-${i}`).l2.misses = i + 1;
    await fleet.publish(NOW);

    const latest = JSON.parse((await redis.hget(`${KEY}:latest`, 'a')) as string);
    expect(Object.keys(latest.snapshot.namespaces)).toHaveLength(MAX_LATEST_NAMESPACES);
    expect(latest.snapshot.namespaces['ns-0']).toBeUndefined();
    expect(latest.snapshot.namespaces[`ns-${namespaces - 1}`]).toBeDefined();
    expect(latest.snapshot.tiers.l2.misses).toBe((namespaces * (namespaces + 1)) / 2);

    const [point] = (await redis.lrange(`${KEY}:points:a`, 0, -1)).map((json) => JSON.parse(json));
    expect(Object.keys(point.namespaces)).toHaveLength(MAX_SERIES_NAMESPACES);
    expect(point).toMatchObject({ at: NOW, truncated: true });
    expect(point.tiers.l2.misses).toBe(latest.snapshot.tiers.l2.misses);
    // A point holds counters only: no latency buckets.
    expect(JSON.stringify(point)).not.toContain('latencyCounts');
  });

  it('keeps one series point per 5 s, an hour of them, and every key expires after the retention', async () => {
    const { fleet } = instance('a');
    await fleet.publish(NOW);
    await fleet.publish(NOW + 1000); // a /statistics request: latest only
    expect(await redis.llen(`${KEY}:points:a`)).toBe(1);
    for (let i = 1; i <= 800; i++) await fleet.publish(NOW + i * 5000);
    expect(await redis.llen(`${KEY}:points:a`)).toBe(720);
    for (const key of ['latest', 'seen', 'points:a']) {
      const ttl = await redis.pttl(`${KEY}:${key}`);
      expect(ttl).toBeGreaterThan(RETENTION_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(RETENTION_MS);
    }
  });

  it('removes the instances silent for the retention, and all but the most recent ones', async () => {
    const { fleet } = instance('live');
    await instance('dead').fleet.publish(NOW - RETENTION_MS - 1);
    await redis.rpush(`${KEY}:series:dead`, '{}'); // the layout before points
    const crowd = MAX_INSTANCES + 10;
    for (let i = 0; i < crowd; i++) await instance(`pod-${i}`).fleet.publish(NOW - crowd + i);
    await fleet.publish(NOW);

    expect(await fleet.trim(NOW)).toBe(1 + 11);
    expect(await redis.zcard(`${KEY}:seen`)).toBe(MAX_INSTANCES);
    expect(await redis.hlen(`${KEY}:latest`)).toBe(MAX_INSTANCES);
    expect(await redis.zscore(`${KEY}:seen`, 'live')).not.toBeNull();
    for (const gone of ['dead', 'pod-0', 'pod-10']) {
      expect(await redis.hexists(`${KEY}:latest`, gone)).toBe(0);
      expect(await redis.exists(`${KEY}:points:${gone}`, `${KEY}:series:${gone}`)).toBe(0);
    }
    expect(await redis.hexists(`${KEY}:latest`, 'pod-11')).toBe(1);
    expect(await fleet.trim(NOW)).toBe(0);
  });

  it('answers a namespace series from the points, skipping points that left it out', async () => {
    const { cache, fleet } = instance('a');
    const now = Date.now();
    const stats = cache.statistics.of('mine');
    for (let i = 0; i < 4; i++) {
      stats.l1.hits += 10;
      await fleet.publish(now - 20_000 + i * 5000);
    }
    // A point of a crowded instance that did not list `mine`: unknown there, not a drop to zero.
    await redis.rpush(
      `${KEY}:points:a`,
      JSON.stringify({ at: now - 2000, tiers: {}, namespaces: {}, truncated: true }),
    );
    const answer = await fleet.fleet({ namespace: 'mine', tier: 'l1', range: 60_000, granularity: 60_000 });
    expect(answer.tiers.l1).toMatchObject({ hits: 40 });
    const hits = answer.series.reduce((sum, point) => sum + (point.l1?.hits ?? 0), 0);
    expect(hits).toBe(30);
  });
});
