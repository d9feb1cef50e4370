/**
 * Arguments of {@link startTelemetry}. The app builds them from its validated config
 * (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT`); this library never reads `process.env`.
 */
export interface TelemetryOptions {
  /** `service.name` resource attribute, e.g. `cache-service`. */
  serviceName: string;
  /** `service.version` resource attribute; omitted when not given. */
  serviceVersion?: string;
  /**
   * `service.instance.id` resource attribute. Pass the id the app already uses (`/status`,
   * `perf.report`) so traces and reports join up; defaults to a random UUID per process.
   */
  instanceId?: string;
  /**
   * Base URL of an OTLP/HTTP receiver, e.g. `http://otel-collector:4318`. Traces go to
   * `<otlpEndpoint>/v1/traces` and metrics to `<otlpEndpoint>/v1/metrics`. When unset nothing is
   * exported and no connection is ever opened, but spans (and so trace ids for logs) still exist.
   */
  otlpEndpoint?: string;
  /** Extra headers on every OTLP request, e.g. a collector token. */
  otlpHeaders?: Record<string, string>;
  /** Interval of the periodic OTLP metric export; default 10 000 ms, like `perf.report`. */
  metricExportIntervalMs?: number;
  /**
   * Instrument http, ioredis and pg (automatic spans). Default: only when `otlpEndpoint` is set —
   * the spans cost CPU on every request and nobody sees them without an exporter.
   */
  instrument?: boolean;
}
