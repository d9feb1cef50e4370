/** Arguments of `new MetricsRegistry()` and `TelemetryModule.forRoot()`. */
export interface MetricsRegistryOptions {
  /** Value of the `service` label put on every metric of the registry, e.g. `cache-service`. */
  serviceName: string;
  /**
   * Collect prom-client's process and Node.js metrics (`process_cpu_seconds_total`,
   * `nodejs_eventloop_lag_seconds`, `nodejs_heap_size_used_bytes`, ...). Default `true`.
   */
  collectDefaultMetrics?: boolean;
}
