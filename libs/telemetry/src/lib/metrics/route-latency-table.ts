import type { RouteLatencyReport } from '@hotpath/contracts';

interface RouteSeries {
  method: string;
  route: string;
  status: number;
  /** Non-cumulative: `counts[i]` holds observations in (bound[i-1], bound[i]]; the last is +Inf. */
  counts: number[];
  count: number;
  sumMs: number;
}

/**
 * Per-route latency buckets kept beside the Prometheus histogram, with the same bounds and the same
 * `value <= bound` rule, so the `perf.report` payload can be built synchronously and without
 * parsing prom-client's output. Cumulative since the process started, as the contract says.
 */
export class RouteLatencyTable {
  private readonly series = new Map<string, RouteSeries>();
  private readonly boundsMs: number[];

  constructor(private readonly boundsSeconds: readonly number[]) {
    // Rounded to the microsecond so 0.0025 s reads 2.5 ms, not 2.4999999999999996.
    this.boundsMs = boundsSeconds.map((bound) => Math.round(bound * 1e6) / 1e3);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\u0000${status}\u0000${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      const counts = new Array<number>(this.boundsSeconds.length + 1).fill(0);
      series = { method, route, status, counts, count: 0, sumMs: 0 };
      this.series.set(key, series);
    }
    series.counts[this.bucketIndex(seconds)] += 1;
    series.count += 1;
    series.sumMs += seconds * 1000;
  }

  report(): RouteLatencyReport[] {
    return [...this.series.values()].map((series) => ({
      method: series.method,
      route: series.route,
      status: series.status,
      histogram: {
        boundsMs: [...this.boundsMs],
        counts: [...series.counts],
        count: series.count,
        sumMs: series.sumMs,
      },
    }));
  }

  private bucketIndex(seconds: number): number {
    const index = this.boundsSeconds.findIndex((bound) => seconds <= bound);
    return index === -1 ? this.boundsSeconds.length : index;
  }
}
