import type { BreakerMetrics } from '../breaker/breaker-metrics';
import type { BreakerHealth } from './breaker-health';

/** One breaker on a status page. */
export interface BreakerSnapshot extends BreakerMetrics {
  health: BreakerHealth;
}
