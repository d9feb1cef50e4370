import type { RouteLatencyReport } from '@hotpath/contracts';

/** One route × method × status: its buckets and totals. */
export interface RouteSeries {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  /** Non-cumulative: `counts[i]` holds observations in (bound[i-1], bound[i]]; the last is +Inf. */
  readonly counts: number[];
  count: number;
  sumSeconds: number;
}

/**
 * Per-route latency buckets: the one place a served request is recorded. The `perf.report` payload
 * and the Prometheus histogram (see {@link routeLatencyMetric}) are both read from it, so they
 * agree by construction and a request costs three map reads and a short bucket scan — no label
 * hashing, nothing allocated once its series exists. Buckets follow Prometheus' `value <= bound`
 * rule. Cumulative since the process started, as the contract says.
 */
export class RouteLatencyTable {
  /** route → method → status → series: the route and method strings are the same objects every time. */
  private readonly byRoute = new Map<string, Map<string, Map<number, RouteSeries>>>();
  private readonly boundsMs: number[];

  constructor(readonly boundsSeconds: readonly number[]) {
    // Rounded to the microsecond so 0.0025 s reads 2.5 ms, not 2.4999999999999996.
    this.boundsMs = boundsSeconds.map((bound) => Math.round(bound * 1e6) / 1e3);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const series = this.seriesOf(method, route, status);
    const bounds = this.boundsSeconds;
    let index = 0;
    while (index < bounds.length && seconds > bounds[index]) index++;
    series.counts[index] += 1;
    series.count += 1;
    series.sumSeconds += seconds;
  }

  /** Every series observed so far. */
  *series(): IterableIterator<RouteSeries> {
    for (const methods of this.byRoute.values()) {
      for (const statuses of methods.values()) yield* statuses.values();
    }
  }

  report(): RouteLatencyReport[] {
    return [...this.series()].map((series) => ({
      method: series.method,
      route: series.route,
      status: series.status,
      histogram: {
        boundsMs: [...this.boundsMs],
        counts: [...series.counts],
        count: series.count,
        sumMs: series.sumSeconds * 1000,
      },
    }));
  }

  clear(): void {
    this.byRoute.clear();
  }

  private seriesOf(method: string, route: string, status: number): RouteSeries {
    let methods = this.byRoute.get(route);
    if (methods === undefined) this.byRoute.set(route, (methods = new Map()));
    let statuses = methods.get(method);
    if (statuses === undefined) methods.set(method, (statuses = new Map()));
    let series = statuses.get(status);
    if (series === undefined) {
      const counts = new Array<number>(this.boundsSeconds.length + 1).fill(0);
      series = { method, route, status, counts, count: 0, sumSeconds: 0 };
      statuses.set(status, series);
    }
    return series;
  }
}
