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
}
