import type { MetricsRegistry } from '@hotpath/telemetry';
import type { CircuitBreakerOptions } from '../breaker/circuit-breaker-options';

/** A registry's configuration. */
export interface ResilienceRegistryOptions {
  /** Where the breakers' metrics go; none are exported without it. */
  metrics?: MetricsRegistry;
  /** Options every breaker created by the registry starts from (its own options win). */
  breakerDefaults?: Omit<CircuitBreakerOptions, 'name'>;
}
