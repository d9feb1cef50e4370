import { LatencyHistogram } from './latency-histogram';

/** The counters a tier keeps (and a snapshot of it carries). */
export const TIER_COUNTERS = [
  'hits',
  'misses',
  'staleHits',
  'sets',
  'deletes',
  'evictions',
  'errors',
] as const;

type TierCounters = Record<(typeof TIER_COUNTERS)[number], number>;

/** Counters of one tier in one namespace. */
export class TierStats {
  hits = 0;
  misses = 0;
  /** Hits served from the grace period (stale, flagged). */
  staleHits = 0;
  sets = 0;
  deletes = 0;
  evictions = 0;
  /** Operations that failed (L2 timeouts, breaker open). */
  errors = 0;
  readonly latency = new LatencyHistogram();

  get hitRatio(): number {
    const lookups = this.hits + this.misses;
    return lookups === 0 ? 0 : this.hits / lookups;
  }

  /** Adds another tier's counters, and its latency buckets (given as counts, as snapshots carry them). */
  add(counters: TierCounters, latencyCounts: readonly number[]): void {
    for (const name of TIER_COUNTERS) this[name] += counters[name];
    this.latency.addCounts(latencyCounts);
  }

  merge(other: TierStats): void {
    this.add(other, other.latency.counts);
  }
}
