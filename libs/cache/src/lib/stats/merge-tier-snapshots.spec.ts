import { tierSnapshot } from './cache-statistics';
import { mergeTierSnapshots } from './merge-tier-snapshots';
import { TierStats } from './tier-stats';

function instance(hits: number, misses: number, latenciesMs: number[]) {
  const stats = new TierStats();
  stats.hits = hits;
  stats.misses = misses;
  for (const ms of latenciesMs) stats.latency.record(ms);
  return tierSnapshot(stats);
}

describe('mergeTierSnapshots', () => {
  it('adds counters and computes percentiles over every instance’s samples', () => {
    const fast = instance(
      90,
      10,
      Array.from({ length: 99 }, () => 0.02),
    );
    const slow = instance(
      10,
      90,
      Array.from({ length: 99 }, () => 40),
    );
    const merged = mergeTierSnapshots([fast, slow]);
    expect(merged).toMatchObject({ hits: 100, misses: 100, hitRatio: 0.5 });
    expect(merged.p50Ms).toBe(0.025); // half the fleet's samples are fast…
    expect(merged.p99Ms).toBe(50); // …but its p99 is the slow instance's, not an average of p99s
  });

  it('is empty for no instances', () => {
    expect(mergeTierSnapshots([])).toMatchObject({ hits: 0, misses: 0, hitRatio: 0, p99Ms: 0 });
  });
});
