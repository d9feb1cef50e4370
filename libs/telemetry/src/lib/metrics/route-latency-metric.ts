import type { Metric } from 'prom-client';
import type { RouteLatencyTable } from './route-latency-table';

type Labels = Record<string, string | number>;

interface Sample {
  metricName: string;
  labels: Labels;
  /** The series' labels, printed after `le` and the registry's default labels, as prom-client does. */
  sharedLabels: Labels;
  value: number;
}

/**
 * A Prometheus histogram `name{method,route,status_code}` read from `table` when scraped, for
 * prom-client's registry: the same text a prom-client `Histogram` prints (cumulative `_bucket`
 * samples with `le`, then `_sum` and `_count`, labels in the same order), without that histogram's
 * label hashing on every observation. The registry only calls `getForPromString()` (or `get()`)
 * and `reset()` of what it holds, which is all this implements, hence the cast to its `Metric` union.
 */
export function routeLatencyMetric(name: string, help: string, table: RouteLatencyTable): Metric {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
  };
  const collector = {
    ...metric,
    getForPromString: async () => ({ ...metric, values: samples(name, table) }),
    get: async () => ({
      ...metric,
      values: samples(name, table).map(({ metricName, labels, sharedLabels, value }) => ({
        metricName,
        labels: { ...labels, ...sharedLabels },
        value,
      })),
    }),
    reset: () => table.clear(),
  };
  return collector as unknown as Metric;
}

function samples(name: string, table: RouteLatencyTable): Sample[] {
  const out: Sample[] = [];
  for (const series of table.series()) {
    const sharedLabels = { method: series.method, route: series.route, status_code: String(series.status) };
    const bucket = (le: number | string, value: number) =>
      out.push({ metricName: `${name}_bucket`, labels: { le }, sharedLabels, value });
    let cumulative = 0;
    table.boundsSeconds.forEach((bound, index) => bucket(bound, (cumulative += series.counts[index])));
    bucket('+Inf', series.count);
    out.push({ metricName: `${name}_sum`, labels: {}, sharedLabels, value: series.sumSeconds });
    out.push({ metricName: `${name}_count`, labels: {}, sharedLabels, value: series.count });
  }
  return out;
}
