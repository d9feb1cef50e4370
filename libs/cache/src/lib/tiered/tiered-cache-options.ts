import type { PolicySource } from '../policy/policy-source';
import type { CacheStatistics } from '../stats/cache-statistics';
import type { WriteBehindQueue } from '../write-behind/write-behind-queue';
import type { BusPort } from './bus-port';
import type { SourceWriter } from './cache-hit';
import type { L2Port } from './l2-port';

export interface TieredCacheOptions {
  /** This instance, as the bus and the statistics name it. */
  instanceId: string;
  policies: PolicySource;
  /** Shared tier; without it the cache is L1 only. */
  l2?: L2Port;
  /** Coherence bus; without it other instances' L1 copies are not invalidated. */
  bus?: BusPort;
  /** Required by namespaces with the write-behind strategy. */
  writeBehind?: WriteBehindQueue;
  /** Writers of write-through namespaces, by namespace. */
  writers?: Record<string, SourceWriter>;
  statistics?: CacheStatistics;
  clock?: () => number;
  random?: () => number;
  /** Cross-process single flight: lock expiry and how long waiters wait for the winner (defaults 10 s, 2 s). */
  lock?: { ttlMs?: number; waitMs?: number };
  /** Default loader timeouts (per-call options override). */
  loaderTimeouts?: { softMs?: number; hardMs?: number };
  /**
   * Memory all namespaces' L1 stores may take together, estimated as each value's msgpack size plus
   * its key and a fixed overhead per entry (L1Store's `footprint`). Over it, the largest store
   * evicts by its own policy. Default: no shared bound, each namespace's `maxBytes` only.
   */
  l1MaxBytes?: number;
  /**
   * A namespace without a policy of its own is released (its L1, statistics row and metric labels)
   * after this long without access, checked by `sweep()`; default 10 minutes, `Infinity` never.
   */
  idleNamespaceMs?: number;
}

/** What an instance holds (`TieredCache.usage()`). */
export interface TieredCacheUsage {
  /** Namespaces held (each with its L1 store and statistics row). */
  namespaces: number;
  /** The L1 stores' footprints together, and their shared bound (`Infinity` without `l1MaxBytes`). */
  l1Bytes: number;
  l1MaxBytes: number;
}

/** How a tiered cache's shared parts are doing: L2's breaker and the coherence bus. */
export interface TieredCacheHealth {
  l2: { configured: boolean; breaker: string };
  bus: { configured: boolean; healthy: boolean; gaps: number };
}
