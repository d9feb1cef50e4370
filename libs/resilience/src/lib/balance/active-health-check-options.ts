import type { HealthProbe } from './health-probe';

/** Active health checking of a balancer's upstreams. */
export interface ActiveHealthCheckOptions {
  /** Path of the default probe, `GET <url><path>` answered with 2xx (default `/health/ready`). */
  path?: string;
  /** A probe of your own instead of the GET. */
  probe?: HealthProbe;
  /** Time between rounds (default 5 000 ms). */
  intervalMs?: number;
  /** A probe fails when it takes longer (default 1 000 ms). */
  timeoutMs?: number;
  /** Failed probes in a row that mark an upstream unhealthy (default 2). */
  unhealthyThreshold?: number;
  /** Passed probes in a row that mark it healthy again (default 2). */
  healthyThreshold?: number;
}
