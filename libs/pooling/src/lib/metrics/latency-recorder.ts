/**
 * A cumulative histogram cheap enough for every acquire and release: a few comparisons and two
 * additions, no allocation, no label hashing (prom-client's `observe` costs ~0.5 µs, as much as a
 * whole pg-pool acquire). {@link PoolMetrics} reads it at scrape time.
 */
export class LatencyRecorder {
  /** Non-cumulative count per bucket; the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  /** @param bounds upper bounds in seconds, ascending. */
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]) i++;
    this.counts[i]++;
    this.sum += seconds;
    this.count++;
  }

  /** Mean of every observation so far, 0 before the first one. */
  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}
