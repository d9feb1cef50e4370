import type { Cluster, Redis } from 'ioredis';
import type { L2BreakerOptions } from './l2-breaker-options';

export interface RedisL2TierOptions {
  /** A standalone or Cluster client, best configured to fail fast (no offline queue). */
  redis: Redis | Cluster;
  /** First part of every key; must not contain `{` or `}`. Default `hp`. */
  keyPrefix?: string;
  /** Every Redis round trip rejects with `L2_TIMEOUT` after this. Default 100 ms. */
  operationTimeoutMs?: number;
  breaker?: L2BreakerOptions;
}
