/** Passive outlier detection: ejecting an upstream that keeps failing (Envoy's model). */
export interface OutlierDetectionOptions {
  /** Failures in a row that eject an upstream (default 5). */
  consecutiveFailures?: number;
  /** First ejection's length; each further one doubles it (default 1 000 ms). */
  baseEjectionMs?: number;
  /** Ejections never last longer than this (default 30 000 ms). */
  maxEjectionMs?: number;
  /** Successes in a row after which past ejections are forgiven (default 20). */
  successesToForgive?: number;
  /** Never eject more than this % of the upstreams at once (default 50). */
  maxEjectionPercent?: number;
}
