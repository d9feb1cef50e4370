import type { BalancingStrategy } from './balancing-strategy';
import type { OutlierDetectionOptions } from './outlier-detection-options';
import type { UpstreamOptions } from './upstream-options';

/** A balancer's configuration. */
export interface LoadBalancerOptions {
  upstreams: UpstreamOptions[];
  /** How to choose (default: {@link PeakEwmaStrategy}). */
  strategy?: BalancingStrategy;
  /** Passive outlier ejection (default on, with its defaults); `false` turns it off. */
  outlierDetection?: OutlierDetectionOptions | false;
  /** How fast the latency estimate forgets (default 10 000 ms, Finagle's). */
  latencyDecayMs?: number;
  /** A failed request counts as at least this slow in the latency estimate (default 500 ms). */
  failurePenaltyMs?: number;
  /** Milliseconds, never going backwards (default `performance.now`). */
  clock?: () => number;
}
