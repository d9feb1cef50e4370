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

export interface NamespaceSnapshot {
  l1: TierSnapshot;
  l2: TierSnapshot;
  loads: number;
  loadFailures: number;
  coalescedLoads: number;
  loadP99Ms: number;
}

export interface CacheStatisticsSnapshot {
  at: number;
  busGaps: number;
  /** Every count: the namespaces listed and `others` together. */
  tiers: { l1: TierSnapshot; l2: TierSnapshot };
  namespaces: Record<string, NamespaceSnapshot>;
  /** Reads of namespaces the cache does not hold (see {@link CacheStatistics.unheld}). */
  unheld: NamespaceSnapshot;
  /**
   * What no listed namespace counts: `unheld`, the namespaces released so far, and those left out
   * by `maxNamespaces`.
   */
  others: NamespaceSnapshot;
}

export interface SnapshotOptions {
  /** Time stamped on the snapshot; default `Date.now()`. */
  now?: number;
  /** List only the busiest namespaces (by lookups, writes and loads); the rest are summed into `others`. */
  maxNamespaces?: number;
}

/**
 * Statistics of one cache instance, per tier and namespace; `snapshot()` is what /statistics serves.
 * A namespace gets a row when the cache holds it, and its row goes when the cache releases it: its
 * counts then stay in the snapshot's `others` and totals, which never go back.
 */
export class CacheStatistics {
  private readonly namespaces = new Map<string, NamespaceStats>();
  /** The counts of the namespaces released so far. */
  private readonly released = new NamespaceStats();
  /**
   * Reads of namespaces the cache does not hold: they create no row, whatever name a caller makes
   * up, and are counted here together.
   */
  readonly unheld = new NamespaceStats();
  busGaps = 0;

  /** The namespace's row, made on first use. */
  of(namespace: string): NamespaceStats {
    let stats = this.namespaces.get(namespace);
    if (!stats) {
      stats = new NamespaceStats();
      this.namespaces.set(namespace, stats);
    }
    return stats;
  }

  /** How many namespaces have a row. */
  get size(): number {
    return this.namespaces.size;
  }

  /** Drops the namespace's row; its counts stay in the totals (see `snapshot().others`). */
  release(namespace: string): void {
    const stats = this.namespaces.get(namespace);
    if (!stats) return;
    this.released.merge(stats);
    this.namespaces.delete(namespace);
  }

  snapshot({ now = Date.now(), maxNamespaces = Infinity }: SnapshotOptions = {}): CacheStatisticsSnapshot {
    const total = { l1: new TierStats(), l2: new TierStats() };
    let listed = [...this.namespaces];
    const others = new NamespaceStats();
    others.merge(this.unheld);
    others.merge(this.released);
    if (listed.length > maxNamespaces) {
      listed.sort(([, a], [, b]) => b.activity - a.activity);
      for (const [, stats] of listed.slice(maxNamespaces)) others.merge(stats);
      listed = listed.slice(0, maxNamespaces);
    }
    const namespaces: CacheStatisticsSnapshot['namespaces'] = {};
    for (const [name, stats] of listed) {
      total.l1.merge(stats.l1);
      total.l2.merge(stats.l2);
      namespaces[name] = namespaceSnapshot(stats);
    }
    total.l1.merge(others.l1);
    total.l2.merge(others.l2);
    return {
      at: now,
      busGaps: this.busGaps,
      tiers: { l1: tierSnapshot(total.l1), l2: tierSnapshot(total.l2) },
      namespaces,
      unheld: namespaceSnapshot(this.unheld),
      others: namespaceSnapshot(others),
    };
  }
}

function namespaceSnapshot(stats: NamespaceStats): NamespaceSnapshot {
  return {
    l1: tierSnapshot(stats.l1),
    l2: tierSnapshot(stats.l2),
    loads: stats.loads,
    loadFailures: stats.loadFailures,
    coalescedLoads: stats.coalescedLoads,
    loadP99Ms: stats.loadLatency.percentile(0.99),
  };
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
