import type { LatencyHistogram } from './latency-histogram';
import { NamespaceStats } from './namespace-stats';
import { TierStats } from './tier-stats';

export interface TierSnapshot {
  hits: number;
  misses: number;
  staleHits: number;
  hitRatio: number;
  sets: number;
  deletes: number;
  evictions: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Raw latency bucket counts (bounds: LATENCY_BOUNDS_MS), so snapshots of many instances merge exactly. */
  latencyCounts: number[];
}

export interface CacheStatisticsSnapshot {
  at: number;
  busGaps: number;
  tiers: { l1: TierSnapshot; l2: TierSnapshot };
  namespaces: Record<
    string,
    {
      l1: TierSnapshot;
      l2: TierSnapshot;
      loads: number;
      loadFailures: number;
      coalescedLoads: number;
      loadP99Ms: number;
    }
  >;
}

/** Statistics of one cache instance, per tier and namespace; `snapshot()` is what /statistics serves. */
export class CacheStatistics {
  private readonly namespaces = new Map<string, NamespaceStats>();
  busGaps = 0;

  of(namespace: string): NamespaceStats {
    let stats = this.namespaces.get(namespace);
    if (!stats) {
      stats = new NamespaceStats();
      this.namespaces.set(namespace, stats);
    }
    return stats;
  }

  snapshot(now = Date.now()): CacheStatisticsSnapshot {
    const total = { l1: new TierStats(), l2: new TierStats() };
    const namespaces: CacheStatisticsSnapshot['namespaces'] = {};
    for (const [name, stats] of this.namespaces) {
      total.l1.merge(stats.l1);
      total.l2.merge(stats.l2);
      namespaces[name] = {
        l1: tierSnapshot(stats.l1),
        l2: tierSnapshot(stats.l2),
        loads: stats.loads,
        loadFailures: stats.loadFailures,
        coalescedLoads: stats.coalescedLoads,
        loadP99Ms: stats.loadLatency.percentile(0.99),
      };
    }
    return {
      at: now,
      busGaps: this.busGaps,
      tiers: { l1: tierSnapshot(total.l1), l2: tierSnapshot(total.l2) },
      namespaces,
    };
  }
}

export function tierSnapshot(stats: TierStats): TierSnapshot {
  const latency: LatencyHistogram = stats.latency;
  return {
    hits: stats.hits,
    misses: stats.misses,
    staleHits: stats.staleHits,
    hitRatio: stats.hitRatio,
    sets: stats.sets,
    deletes: stats.deletes,
    evictions: stats.evictions,
    errors: stats.errors,
    p50Ms: latency.percentile(0.5),
    p99Ms: latency.percentile(0.99),
    latencyCounts: [...latency.counts],
  };
}
