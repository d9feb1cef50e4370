import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles } from './source-files';
import { workspaceRoot } from './workspace-root';

/**
 * Metrics the libraries being written now will export (the deployment's alerts, dashboard and
 * autoscaling already use them). Each must appear in libs/ or apps/ source before it reports data:
 *   resilience_breaker_state{name}        0 closed, 1 open, 2 half-open   (libs/resilience)
 *   resilience_calls_total{name,outcome}                                  (libs/resilience)
 */
export const UPCOMING_METRICS = [
  'resilience_breaker_state',
  'resilience_calls_total',
] as const;

/** prom-client's default metrics used by the dashboard, and Prometheus' own `up`. */
const RUNTIME_METRICS = [
  'up',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes',
];

/** Metric names the libs and apps export today: every quoted snake_case name with a metric suffix. */
export function exportedMetricNames(): Set<string> {
  const root = workspaceRoot();
  const names = new Set<string>();
  for (const file of [...sourceFiles(join(root, 'libs')), ...sourceFiles(join(root, 'apps'))]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'/g)) {
      if (/_(total|seconds|ratio|bytes|state|connections|jobs)$/.test(match[1])) names.add(match[1]);
    }
  }
  return names;
}

/** Every name a query may use: exported today, upcoming (above), or runtime. */
export function knownMetricNames(): Set<string> {
  return new Set([...exportedMetricNames(), ...UPCOMING_METRICS, ...RUNTIME_METRICS]);
}

/** Histograms whose _bucket, _count and _sum series a query may read. */
const HISTOGRAMS = ['http_server_request_duration_seconds', 'db_pool_acquire_seconds'];

/** The metric names a PromQL expression reads (a histogram's series folded into its name). */
export function metricsInQuery(query: string): string[] {
  const names = new Set<string>();
  const pattern =
    /\b(?:hotpath|http_server|resilience|db_pool|bullmq|process|nodejs)_[a-z0-9_]+\b|\bup(?=\{)/g;
  for (const [name] of query.replace(/"[^"]*"/g, '""').matchAll(pattern)) {
    const histogram = HISTOGRAMS.find((base) => new RegExp(`^${base}_(bucket|count|sum)$`).test(name));
    names.add(histogram ?? name);
  }
  return [...names];
}
