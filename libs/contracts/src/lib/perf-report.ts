/**
 * Payload of the `perf.report` event every service emits to the performance-service every 10 s.
 * Histograms are cumulative since the process started; the receiver derives rates from deltas.
 */
export interface LatencyHistogram {
  /** Upper bounds of the buckets in milliseconds, ascending; the last bucket is +Inf. */
  boundsMs: number[];
  /** Counts per bucket (not cumulative), one more than boundsMs for the +Inf bucket. */
  counts: number[];
  count: number;
  sumMs: number;
}

export interface RouteLatencyReport {
  method: string;
  route: string;
  status: number;
  histogram: LatencyHistogram;
}

export interface PerfReport {
  service: string;
  instanceId: string;
  /** Epoch milliseconds when the report was taken. */
  at: number;
  startedAt: number;
  routes: RouteLatencyReport[];
  /** Cache, pool and breaker gauges by metric name, e.g. `cache_hit_ratio{namespace="auth"}`. */
  gauges: Record<string, number>;
}

export interface CpuProfileRequest {
  service: string;
  seconds: number;
}
