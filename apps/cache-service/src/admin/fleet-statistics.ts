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
/** The longest range /statistics answers (statistics-query.ts), at one point per publish period. */
const SERIES_POINTS = 720;
/** How long anything an instance published stays after its last publish. */
export const RETENTION_MS = 2 * 3_600_000;
/** Instances remembered at most (the most recent ones), whatever the retention. */
export const MAX_INSTANCES = 256;
/** Namespaces in an instance's latest snapshot (the busiest; the rest count in its totals). */
export const MAX_LATEST_NAMESPACES = 1_000;
/** Namespaces in each point of an instance's series (the busiest; the rest count in its totals). */
export const MAX_SERIES_NAMESPACES = 64;

// All keys of the fleet statistics, in the queue Redis (a standalone server: MULTI may span them).
const KEY = 'hotpath:cache:stats';
const LATEST = `${KEY}:latest`;
const SEEN = `${KEY}:seen`;
const pointsKey = (instanceId: string) => `${KEY}:points:${instanceId}`;
/** Where series were kept before they were trimmed; removed with their instance. */
const legacySeriesKey = (instanceId: string) => `${KEY}:series:${instanceId}`;

const COUNTERS = ['hits', 'misses', 'staleHits', 'sets', 'evictions', 'errors'] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;
type Tier = 'l1' | 'l2';

interface Published {
  instanceId: string;
  snapshot: CacheStatisticsSnapshot;
  compression: { responses: number; originalBytes: number; compressedBytes: number };
}

/**
 * One point of an instance's series: its cumulative counters, in total and for its busiest
 * namespaces. `truncated`: some namespaces were left out, so one missing here may have had counts.
 */
interface SeriesPoint {
  at: number;
  tiers: Record<Tier, Counters>;
  namespaces: Record<string, Record<Tier, Counters>>;
  truncated: boolean;
}

/**
 * Statistics of the whole fleet, answered by any instance: every instance publishes its cumulative
 * snapshot to the queue Redis every 5 s (latest + a one-hour series of compact points); /statistics
 * merges the live instances' latest snapshots, and derives the time series from the per-instance
 * deltas. Everything is bounded: an instance's latest snapshot lists at most
 * {@link MAX_LATEST_NAMESPACES} namespaces and each series point {@link MAX_SERIES_NAMESPACES}
 * (counts of the others stay in the totals); a series holds one point per 5 s for an hour; and an
 * instance silent for {@link RETENTION_MS}, or beyond the {@link MAX_INSTANCES} most recent, is
 * removed with all it published (each key also expires after the retention).
 */
@Injectable()
export class FleetStatistics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FleetStatistics.name);
  private timer?: NodeJS.Timeout;
  private lastPointAt = -Infinity;
  private readonly publishWhenReady = (): void => void this.tick();

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
    this.timer = setInterval(() => void this.tick(), PUBLISH_EVERY_MS);
    this.timer.unref();
    if (this.redis.status === 'ready') await this.tick();
    else this.redis.once('ready', this.publishWhenReady);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.redis.off('ready', this.publishWhenReady);
  }

  private async tick(): Promise<void> {
    try {
      await this.publish();
      await this.trim();
    } catch (error) {
      this.logger.debug({ err: error }, 'stats publish failed');
    }
  }

  /**
   * Writes this instance's snapshot (also called before answering, so the answer includes it), and
   * a series point if the last one is a publish period old.
   */
  async publish(now = Date.now()): Promise<void> {
    const statistics = this.cache.statistics;
    const published: Published = {
      instanceId: this.config.instanceId,
      snapshot: statistics.snapshot({ now, maxNamespaces: MAX_LATEST_NAMESPACES }),
      compression: { ...this.compression, responses: this.compression.responses },
    };
    const { instanceId } = this.config;
    const write = this.redis
      .multi()
      .hset(LATEST, instanceId, JSON.stringify(published))
      .zadd(SEEN, now, instanceId)
      .pexpire(LATEST, RETENTION_MS)
      .pexpire(SEEN, RETENTION_MS);
    const pointDue = now - this.lastPointAt >= PUBLISH_EVERY_MS;
    if (pointDue) {
      const listed = statistics.snapshot({ now, maxNamespaces: MAX_SERIES_NAMESPACES });
      const point = seriesPoint(listed, statistics.size > MAX_SERIES_NAMESPACES);
      write
        .rpush(pointsKey(instanceId), JSON.stringify(point))
        .ltrim(pointsKey(instanceId), -SERIES_POINTS, -1)
        .pexpire(pointsKey(instanceId), RETENTION_MS);
    }
    await write.exec();
    if (pointDue) this.lastPointAt = now;
  }

  /**
   * Removes the instances silent for the retention or beyond the most recent {@link MAX_INSTANCES}:
   * their latest snapshot, their place in the fleet and their series. Returns how many.
   */
  async trim(now = Date.now()): Promise<number> {
    const [silent, surplus] = await Promise.all([
      this.redis.zrangebyscore(SEEN, '-inf', `(${now - RETENTION_MS}`),
      this.redis.zrange(SEEN, 0, String(-(MAX_INSTANCES + 1))),
    ]);
    const gone = [...new Set([...silent, ...surplus])];
    if (gone.length === 0) return 0;
    await this.redis
      .multi()
      .zrem(SEEN, ...gone)
      .hdel(LATEST, ...gone)
      .unlink(...gone.flatMap((id) => [pointsKey(id), legacySeriesKey(id)]))
      .exec();
    return gone.length;
  }

  async fleet(query: StatisticsQuery) {
    const now = Date.now();
    await this.publish(now);
    const instances = await this.redis.zrangebyscore(SEEN, now - ALIVE_FOR_MS, '+inf');
    const latest = instances.length ? await this.redis.hmget(LATEST, ...instances) : [];
    const snapshots = latest
      .filter((json): json is string => json !== null)
      .map((json) => JSON.parse(json) as Published);
    // One point per publish period: the range needs its points and the one before them.
    const points = Math.ceil(query.range / PUBLISH_EVERY_MS) + 2;
    const histories = await Promise.all(
      instances.map(async (id) =>
        (await this.redis.lrange(pointsKey(id), -points, -1)).map((json) => JSON.parse(json) as SeriesPoint),
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
      series: buildSeries(histories, tiers, now, query),
    };
  }
}

function emptyTier(): TierSnapshot {
  return mergeTierSnapshots([]);
}

function countersOf(tier: TierSnapshot): Counters {
  return Object.fromEntries(COUNTERS.map((name) => [name, tier[name]])) as Counters;
}

function seriesPoint(snapshot: CacheStatisticsSnapshot, truncated: boolean): SeriesPoint {
  const namespaces: SeriesPoint['namespaces'] = {};
  for (const [name, stats] of Object.entries(snapshot.namespaces))
    namespaces[name] = { l1: countersOf(stats.l1), l2: countersOf(stats.l2) };
  return {
    at: snapshot.at,
    tiers: { l1: countersOf(snapshot.tiers.l1), l2: countersOf(snapshot.tiers.l2) },
    namespaces,
    truncated,
  };
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

/**
 * The counters of a point for the query: the totals, or the namespace's. A namespace missing from a
 * point that left some out is unknown there (undefined), not zero.
 */
function countsAt(point: SeriesPoint, tier: Tier, namespace: string | undefined): Counters | undefined {
  if (!namespace) return point.tiers[tier];
  const counts = point.namespaces[namespace]?.[tier];
  return counts ?? (point.truncated ? undefined : ZERO);
}

const ZERO: Counters = { hits: 0, misses: 0, staleHits: 0, sets: 0, evictions: 0, errors: 0 };

/** Per bucket and tier: the fleet's increase of each counter (sum of every instance's delta). */
function buildSeries(histories: SeriesPoint[][], tiers: Tier[], now: number, query: StatisticsQuery) {
  const start = Math.floor((now - query.range) / query.granularity) * query.granularity;
  const buckets = Math.ceil((now - start) / query.granularity);
  const points = Array.from({ length: buckets }, (_, index) => {
    const point: { ts: string } & Partial<Record<Tier, Counters & { hitRatio: number }>> = {
      ts: new Date(start + index * query.granularity).toISOString(),
    };
    for (const tier of tiers) point[tier] = { ...ZERO, hitRatio: 0 };
    return point;
  });
  for (const history of histories) {
    for (let i = 1; i < history.length; i++) {
      const bucket = Math.floor((history[i].at - start) / query.granularity);
      if (bucket < 0 || bucket >= buckets) continue;
      for (const tier of tiers) {
        const before = countsAt(history[i - 1], tier, query.namespace);
        const after = countsAt(history[i], tier, query.namespace);
        if (!before || !after) continue;
        const counts = points[bucket][tier] as Counters;
        for (const name of COUNTERS) counts[name] += Math.max(0, after[name] - before[name]);
      }
    }
  }
  for (const point of points) {
    for (const tier of tiers) {
      const counts = point[tier] as Counters & { hitRatio: number };
      const lookups = counts.hits + counts.misses;
      counts.hitRatio = lookups === 0 ? 0 : counts.hits / lookups;
    }
  }
  return points;
}
