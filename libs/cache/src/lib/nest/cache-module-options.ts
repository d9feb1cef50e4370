import type { TieredCacheOptions } from '../tiered/tiered-cache-options';

/** A resource the cache module starts with the app and stops at shutdown (the bus, say). */
export interface CacheLifecycle {
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface CacheModuleOptions extends TieredCacheOptions {
  lifecycle?: CacheLifecycle[];
  /** How often expired L1 entries are swept (default 1000 ms; 0 turns it off). */
  sweepIntervalMs?: number;
}
