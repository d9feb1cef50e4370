import type { MetricsRegistry } from '@hotpath/telemetry';
import type { CacheStatistics, NamespaceSnapshot, TierSnapshot } from './cache-statistics';

/**
 * The `namespace` label of {@link CacheStatistics.unheld}, the reads of namespaces the cache does
 * not hold. Not a valid namespace (those start with [a-z0-9]).
 */
export const UNHELD_NAMESPACES_LABEL = '_other';

interface Collecting {
  set(labels: Record<string, string>, value: number): void;
  reset(): void;
}

const TIER_COUNTERS = [
  ['hits', 'hotpath_cache_hits_total', 'Lookups answered with a fresh value'],
  [
    'staleHits',
    'hotpath_cache_stale_hits_total',
    'Lookups answered with a stale value from the grace period',
  ],
  ['misses', 'hotpath_cache_misses_total', 'Lookups that found nothing'],
  ['sets', 'hotpath_cache_sets_total', 'Values written'],
  ['evictions', 'hotpath_cache_evictions_total', 'Values evicted by the size bounds or expiry'],
  ['errors', 'hotpath_cache_errors_total', 'Failed tier operations (timeouts, breaker open)'],
] as const satisfies ReadonlyArray<readonly [keyof TierSnapshot, string, string]>;

/**
 * Publishes a cache's statistics on a service's /metrics: per tier and namespace counters, hit
 * ratio and latency percentiles, loads, and bus gaps. Values are read from the statistics at scrape
 * time, so the hot path pays nothing for them. Each scrape shows the namespaces the cache holds
 * then, and `_other` for the reads of namespaces it does not hold (which add no label of their
 * own). A released namespace's series ends, as a restarted instance's does: its counts are not
 * moved to another series, where rate() would count them again.
 */
export function bindCacheMetrics(metrics: MetricsRegistry, statistics: CacheStatistics): void {
  const rows = (): Array<[string, NamespaceSnapshot]> => {
    const snapshot = statistics.snapshot();
    return [...Object.entries(snapshot.namespaces), [UNHELD_NAMESPACES_LABEL, snapshot.unheld]];
  };
  const perTier = (read: (tier: TierSnapshot) => number) =>
    function (this: Collecting) {
      this.reset();
      for (const [namespace, stats] of rows()) {
        this.set({ tier: 'l1', namespace }, read(stats.l1));
        this.set({ tier: 'l2', namespace }, read(stats.l2));
      }
    };

  for (const [field, name, help] of TIER_COUNTERS) {
    // Cumulative counts read at scrape time: gauges typed as counters would need deltas; a
    // monotonic gauge with a _total name is what Prometheus' rate() needs and what we expose.
    metrics.createGauge({
      name,
      help,
      labelNames: ['tier', 'namespace'],
      collect: perTier((tier) => tier[field]),
    });
  }
  metrics.createGauge({
    name: 'hotpath_cache_hit_ratio',
    help: 'Hits over lookups since start, per tier and namespace',
    labelNames: ['tier', 'namespace'],
    collect: perTier((tier) => tier.hitRatio),
  });
  metrics.createGauge({
    name: 'hotpath_cache_latency_p99_seconds',
    help: 'p99 latency of a lookup, per tier and namespace',
    labelNames: ['tier', 'namespace'],
    collect: perTier((tier) => tier.p99Ms / 1000),
  });
  metrics.createGauge({
    name: 'hotpath_cache_loads_total',
    help: 'Loader runs, failed ones, and reads answered by another caller’s load',
    labelNames: ['namespace', 'outcome'],
    collect(this: Collecting) {
      this.reset();
      for (const [namespace, stats] of rows()) {
        this.set({ namespace, outcome: 'loaded' }, stats.loads);
        this.set({ namespace, outcome: 'failed' }, stats.loadFailures);
        this.set({ namespace, outcome: 'coalesced' }, stats.coalescedLoads);
      }
    },
  });
  metrics.createGauge({
    name: 'hotpath_cache_bus_gaps_total',
    help: 'Coherence-bus gaps and outages after which L1 was dropped',
    collect(this: { set(value: number): void }) {
      this.set(statistics.busGaps);
    },
  });
}
