/**
 * Finagle's peak-sensitive EWMA of latency: a slower observation replaces the average at once
 * (a peak is believed immediately), a faster one is blended in with a weight that depends on the
 * time since the last observation, and the value decays towards zero while nothing is observed,
 * so an upstream that was slow and got no traffic is eventually tried again.
 */
export class PeakEwma {
  private value = 0;
  private stamp: number;

  constructor(
    private readonly decayMs: number,
    now: number,
  ) {
    this.stamp = now;
  }

  /** The latency estimate at `now` (ms), decayed since the last observation. */
  cost(now: number): number {
    const elapsed = Math.max(0, now - this.stamp);
    return this.value * Math.exp(-elapsed / this.decayMs);
  }

  observe(latencyMs: number, now: number): void {
    const elapsed = Math.max(0, now - this.stamp);
    const weight = Math.exp(-elapsed / this.decayMs);
    const decayed = this.value * weight;
    this.value = latencyMs > decayed ? latencyMs : decayed * weight + latencyMs * (1 - weight);
    this.stamp = now;
  }
}
