import type { RouteLatencyReport } from '@hotpath/contracts';
import {
  collectDefaultMetrics,
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';
import { TelemetryError } from '../errors/telemetry.error';
import type { MetricsRegistryOptions } from './metrics-registry-options';
import { routeLatencyMetric } from './route-latency-metric';
import { RouteLatencyTable } from './route-latency-table';

/** From a sub-millisecond L1 hit to a multi-second cold path. */
const HTTP_DURATION_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** Anything else is folded into `OTHER` so a client cannot grow the label set. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A metric configuration without `registers`: the registry decides where it is registered. */
type Config<C> = Omit<C, 'registers'>;

/**
 * The metrics of one service, on its OWN prom-client registry (never the global one, so several
 * apps can share a process or a Jest worker). Every metric carries a `service` label.
 *
 * Owns the request-latency histogram `http_server_request_duration_seconds{method,route,status_code}`
 * and lets other libraries add theirs with {@link createCounter}, {@link createGauge} and
 * {@link createHistogram}, so one `/metrics` scrape shows everything.
 */
export class MetricsRegistry {
  private readonly prom = new Registry();
  private readonly routes = new RouteLatencyTable(HTTP_DURATION_BUCKETS_SECONDS);
  /** A request's method as labelled: upper-cased, `OTHER` when unknown (looked up once per spelling). */
  private readonly methodLabels = new Map<string, string>();

  constructor(options: MetricsRegistryOptions) {
    this.prom.setDefaultLabels({ service: options.serviceName });
    if (options.collectDefaultMetrics !== false) {
      collectDefaultMetrics({ register: this.prom });
    }
    this.prom.registerMetric(
      routeLatencyMetric(
        'http_server_request_duration_seconds',
        'Duration of HTTP server requests, by route template and status code.',
        this.routes,
      ),
    );
  }

  /** The underlying prom-client registry, for what the helpers below do not cover. */
  get registry(): Registry {
    return this.prom;
  }

  /** `Content-Type` of {@link metrics}' output (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.prom.contentType;
  }

  /** Every metric of this registry in the Prometheus text format. */
  metrics(): Promise<string> {
    return this.prom.metrics();
  }

  /**
   * Records one served request. `route` must be a template (`/api/v2/cache/entries/:key`), never a
   * raw URL, or the label set grows without bound.
   *
   * @throws TelemetryError `INVALID_OBSERVATION` when `seconds` is negative or not finite.
   */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new TelemetryError('INVALID_OBSERVATION', `request duration ${seconds}s is not valid`);
    }
    let label = this.methodLabels.get(method);
    if (label === undefined) {
      const upper = method.toUpperCase();
      label = KNOWN_METHODS.has(upper) ? upper : 'OTHER';
      if (this.methodLabels.size < KNOWN_METHODS.size * 4) this.methodLabels.set(method, label);
    }
    this.routes.observe(label, route, statusCode, seconds);
  }

  /**
   * The request-latency histogram as the `perf.report` contract wants it: bounds in ms, one
   * NON-cumulative count per bucket plus a last +Inf bucket, cumulative since the process started.
   */
  routeLatencyReport(): RouteLatencyReport[] {
    return this.routes.report();
  }

  createCounter<T extends string>(config: Config<CounterConfiguration<T>>): Counter<T> {
    this.assertFree(config.name);
    return new Counter<T>({ ...config, registers: [this.prom] });
  }

  createGauge<T extends string>(config: Config<GaugeConfiguration<T>>): Gauge<T> {
    this.assertFree(config.name);
    return new Gauge<T>({ ...config, registers: [this.prom] });
  }

  createHistogram<T extends string>(config: Config<HistogramConfiguration<T>>): Histogram<T> {
    this.assertFree(config.name);
    return new Histogram<T>({ ...config, registers: [this.prom] });
  }

  private assertFree(name: string): void {
    if (this.prom.getSingleMetric(name) !== undefined) {
      throw new TelemetryError('METRIC_ALREADY_REGISTERED', `metric "${name}" is already registered`);
    }
  }
}
