import { type TierSnapshot, tierSnapshot } from './cache-statistics';
import { TierStats } from './tier-stats';

/** Adds up the snapshots of one tier from several instances (counters and latency buckets exactly). */
export function mergeTierSnapshots(snapshots: TierSnapshot[]): TierSnapshot {
  const total = new TierStats();
  for (const snapshot of snapshots) total.add(snapshot, snapshot.latencyCounts);
  return tierSnapshot(total);
}
