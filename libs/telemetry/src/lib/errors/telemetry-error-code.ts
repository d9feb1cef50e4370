/** Stable codes of {@link TelemetryError}; callers switch on these, never on messages. */
export type TelemetryErrorCode =
  /** `startTelemetry` was called while an earlier handle is still running (OTel globals are per process). */
  | 'ALREADY_STARTED'
  /** `otlpEndpoint` is not an absolute http(s) URL. */
  | 'INVALID_OTLP_ENDPOINT'
  /** A latency observation was negative, NaN or infinite. */
  | 'INVALID_OBSERVATION'
  /** A metric with that name already exists on the registry. */
  | 'METRIC_ALREADY_REGISTERED';
