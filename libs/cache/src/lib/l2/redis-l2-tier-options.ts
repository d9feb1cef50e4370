import type { CircuitBreaker, CircuitBreakerOptions } from '@hotpath/resilience';
import type { Cluster, Redis } from 'ioredis';

export interface RedisL2TierOptions {
  /** A standalone or Cluster client, best configured to fail fast (no offline queue). */
  redis: Redis | Cluster;
  /** First part of every key; must not contain `{` or `}`. Default `hp`. */
  keyPrefix?: string;
  /** Every Redis round trip rejects with `L2_TIMEOUT` after this. Default 100 ms. */
  operationTimeoutMs?: number;
  /**
   * The breaker around every round trip: one from a `ResilienceRegistry` (so its state and calls
   * show on `/metrics` and in readiness), or options for one of the tier's own (name `cache-l2`,
   * defaults in {@link L2_BREAKER_DEFAULTS}).
   */
  breaker?: CircuitBreaker | Partial<CircuitBreakerOptions>;
}
