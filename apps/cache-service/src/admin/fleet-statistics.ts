import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  type CacheStatisticsSnapshot,
  mergeTierSnapshots,
  TieredCache,
  type TierSnapshot,
} from '@hotpath/cache';
import { QUEUE_REDIS, SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import type { Cluster, Redis } from 'ioredis';
import { CompressionSavings } from './compression-savings';
import type { StatisticsQuery } from './statistics-query';

const PUBLISH_EVERY_MS = 5_000;
const ALIVE_FOR_MS = 30_000;
const SERIES_POINTS = 720; // one hour at one point per 5 s
const KEY = 'hotpath:cache:stats';

interface Published {
  instanceId: string;
  snapshot: CacheStatisticsSnapshot;
  compression: { responses: number; originalBytes: number; compressedBytes: number };
}

type Tier = 'l1' | 'l2';

/**
 * Statistics of the whole fleet, answered by any instance: every instance publishes its cumulative
 * snapshot to the queue Redis every 5 s (latest + a one-hour series); /statistics merges the live
 * instances' latest snapshots, and derives the time series from the per-instance deltas.
 */
@Injectable()
export class FleetStatistics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FleetStatistics.name);
  private timer?: NodeJS.Timeout;
  private readonly publishWhenReady = (): void => void this.publishQuietly();

  constructor(
    private readonly cache: TieredCache,
    private readonly compression: CompressionSavings,
    @Inject(QUEUE_REDIS) private readonly redis: Redis | Cluster,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Joins the fleet at once: without a first publish, /statistics on the other instances would not
   * list this one (nor count it) until its first 5 s tick.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => void this.publishQuietly(), PUBLISH_EVERY_MS);
    this.timer.unref();
    if (this.redis.status === 'ready') await this.publishQuietly();
    else this.redis.once('ready', this.publishWhenReady);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.redis.off('ready', this.publishWhenReady);
  }

  private async publishQuietly(): Promise<void> {
    await this.publish().catch((error) => this.logger.debug({ err: error }, 'stats publish failed'));
  }

  /** Writes this instance's snapshot (also called before answering, so the answer includes it). */
  async publish(): Promise<void> {
    const published: Published = {
      instanceId: this.config.instanceId,
      snapshot: this.cache.statistics.snapshot(),
      compression: { ...this.compression, responses: this.compression.responses },
    };
    const json = JSON.stringify(published);
    const series = `${KEY}:series:${this.config.instanceId}`;
    await this.redis
      .multi()
      .hset(`${KEY}:latest`, this.config.instanceId, json)
      .zadd(`${KEY}:seen`, Date.now(), this.config.instanceId)
      .rpush(series, json)
      .ltrim(series, -SERIES_POINTS, -1)
      .pexpire(series, 2 * 3_600_000)
      .exec();
  }

  async fleet(query: StatisticsQuery) {
    await this.publish();
    const now = Date.now();
    const instances = await this.redis.zrangebyscore(`${KEY}:seen`, now - ALIVE_FOR_MS, '+inf');
    const latest = instances.length ? await this.redis.hmget(`${KEY}:latest`, ...instances) : [];
    const snapshots = latest
      .filter((json): json is string => json !== null)
      .map((json) => JSON.parse(json) as Published);
    const histories = await Promise.all(
      instances.map(async (id) =>
        (await this.redis.lrange(`${KEY}:series:${id}`, 0, -1)).map((json) => JSON.parse(json) as Published),
      ),
    );
    const tiers: Tier[] = query.tier ? [query.tier] : ['l1', 'l2'];
    const pick = (snapshot: CacheStatisticsSnapshot, tier: Tier): TierSnapshot =>
      query.namespace ? (snapshot.namespaces[query.namespace]?.[tier] ?? emptyTier()) : snapshot.tiers[tier];
    return {
      instances: snapshots.map((published) => published.instanceId).sort(),
      namespace: query.namespace ?? null,
      tiers: Object.fromEntries(
        tiers.map((tier) => [tier, mergeTierSnapshots(snapshots.map((p) => pick(p.snapshot, tier)))]),
      ),
      compression: sumCompression(snapshots),
      series: buildSeries(histories, tiers, pick, now, query),
    };
  }
}

function emptyTier(): TierSnapshot {
  return mergeTierSnapshots([]);
}

function sumCompression(snapshots: Published[]) {
  const total = { responses: 0, originalBytes: 0, compressedBytes: 0, savedBytes: 0 };
  for (const { compression } of snapshots) {
    total.responses += compression.responses;
    total.originalBytes += compression.originalBytes;
    total.compressedBytes += compression.compressedBytes;
  }
  total.savedBytes = total.originalBytes - total.compressedBytes;
  return total;
}

const COUNTERS = ['hits', 'misses', 'staleHits', 'sets', 'evictions', 'errors'] as const;

/** Per bucket and tier: the fleet's increase of each counter (sum of every instance's delta). */
function buildSeries(
  histories: Published[][],
  tiers: Tier[],
  pick: (snapshot: CacheStatisticsSnapshot, tier: Tier) => TierSnapshot,
  now: number,
  query: StatisticsQuery,
) {
  const start = Math.floor((now - query.range) / query.granularity) * query.granularity;
  const buckets = Math.ceil((now - start) / query.granularity);
  type Counts = Record<(typeof COUNTERS)[number] | 'hitRatio', number>;
  const points = Array.from({ length: buckets }, (_, index) => {
    const point: { ts: string } & Partial<Record<Tier, Counts>> = {
      ts: new Date(start + index * query.granularity).toISOString(),
    };
    for (const tier of tiers)
      point[tier] = { hits: 0, misses: 0, staleHits: 0, sets: 0, evictions: 0, errors: 0, hitRatio: 0 };
    return point;
  });
  for (const history of histories) {
    for (let i = 1; i < history.length; i++) {
      const bucket = Math.floor((history[i].snapshot.at - start) / query.granularity);
      if (bucket < 0 || bucket >= buckets) continue;
      for (const tier of tiers) {
        const before = pick(history[i - 1].snapshot, tier);
        const after = pick(history[i].snapshot, tier);
        const counts = points[bucket][tier] as Counts;
        for (const name of COUNTERS) counts[name] += Math.max(0, after[name] - before[name]);
      }
    }
  }
  for (const point of points) {
    for (const tier of tiers) {
      const counts = point[tier] as Counts;
      const lookups = counts.hits + counts.misses;
      counts.hitRatio = lookups === 0 ? 0 : counts.hits / lookups;
    }
  }
  return points;
}
