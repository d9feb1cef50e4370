import { performance } from 'node:perf_hooks';
import type { ManagedPool } from '../pool/managed-pool';
import type { PoolLoadSample } from './pool-load-sample';

/** A pool's cumulative load now; keep it and pass it to {@link observedLoad} later. */
export function sampleLoad(pool: ManagedPool): PoolLoadSample {
  return {
    at: performance.now(),
    acquires: pool.acquireLatency.count,
    holds: pool.holdLatency.count,
    holdSeconds: pool.holdLatency.sum,
  };
}
