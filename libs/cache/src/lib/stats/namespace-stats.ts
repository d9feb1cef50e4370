import { LatencyHistogram } from './latency-histogram';
import { TierStats } from './tier-stats';

/** Everything counted for one namespace. */
export class NamespaceStats {
  readonly l1 = new TierStats();
  readonly l2 = new TierStats();
  loads = 0;
  loadFailures = 0;
  /** Reads answered by someone else's load (in-process or cross-process single flight). */
  coalescedLoads = 0;
  readonly loadLatency = new LatencyHistogram();

  /** Lookups, writes and loads counted so far: what ranks the busiest namespaces. */
  get activity(): number {
    const { l1, l2 } = this;
    return l1.hits + l1.misses + l1.sets + l1.deletes + l2.hits + l2.misses + l2.sets + this.loads;
  }

  /** Adds another namespace's counts (and latency buckets) to these. */
  merge(other: NamespaceStats): void {
    this.l1.merge(other.l1);
    this.l2.merge(other.l2);
    this.loads += other.loads;
    this.loadFailures += other.loadFailures;
    this.coalescedLoads += other.coalescedLoads;
    this.loadLatency.addCounts(other.loadLatency.counts);
  }
}
