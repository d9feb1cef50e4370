/** Upper bounds (ms) of the latency buckets: from 10 µs (an L1 hit) to 1 s (a slow loader). */
export const LATENCY_BOUNDS_MS = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000,
];

/**
 * A fixed-bucket latency histogram: O(buckets) to record, percentiles by bucket upper bound.
 * Callers for which two clock reads are a noticeable share of the call may time only some calls
 * ({@link sample}) and record each timed one with the weight of the calls it stands for: the
 * counts then still add up to the calls made (up to the last timed one).
 */
export class LatencyHistogram {
  readonly counts = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  count = 0;
  sumMs = 0;
  private untimed = 0;

  /** `weight`: how many calls this time stands for (see {@link sample}). */
  record(ms: number, weight = 1): void {
    let bucket = 0;
    while (bucket < LATENCY_BOUNDS_MS.length && ms > LATENCY_BOUNDS_MS[bucket]) bucket++;
    this.counts[bucket] += weight;
    this.count += weight;
    this.sumMs += ms * weight;
  }

  /**
   * Whether to time this call, for a caller timing one call in `every` (and the first ones, so a
   * quiet histogram is not empty): 0 when not, else the weight to record its time with — itself
   * plus the calls left untimed since the last timed one.
   */
  sample(every: number): number {
    if (this.count > 0 && this.untimed < every - 1) {
      this.untimed++;
      return 0;
    }
    const weight = this.untimed + 1;
    this.untimed = 0;
    return weight;
  }

  /** The bucket bound under which `quantile` (0–1) of the samples fall; 0 without samples. */
  percentile(quantile: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(quantile * this.count);
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket];
      if (seen >= rank) return LATENCY_BOUNDS_MS[bucket] ?? Infinity;
    }
    return Infinity;
  }

  /** Adds bucket counts (of the same bounds), e.g. from another instance's snapshot. */
  addCounts(counts: readonly number[]): void {
    counts.forEach((count, bucket) => {
      this.counts[bucket] += count;
      this.count += count;
    });
  }
}
