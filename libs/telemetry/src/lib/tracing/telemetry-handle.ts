/** What {@link startTelemetry} returns: keep it for the shutdown path of `main.ts`. */
export interface TelemetryHandle {
  /** The `service.instance.id` put on every span and metric. */
  readonly instanceId: string;
  /** True when an OTLP endpoint was configured and spans/metrics are exported. */
  readonly exporting: boolean;
  /**
   * Flushes pending spans and metrics to the exporter, then unpatches the instrumented modules and
   * unregisters the OpenTelemetry globals. Idempotent: later calls return the same promise.
   */
  shutdown(): Promise<void>;
}
