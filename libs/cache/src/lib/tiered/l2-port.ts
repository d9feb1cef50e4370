import type { CircuitState } from '@hotpath/resilience';
import type { CacheEnvelope } from '../entry/cache-envelope';

export interface L2WriteOptions {
  compressAboveBytes?: number;
  /** The namespace keeps all its keys in one cluster slot; must be the same on every call for it. */
  hashTag?: boolean;
}

/** What the tiered cache needs of its shared tier (RedisL2Tier implements it). */
export interface L2Port {
  get(
    namespace: string,
    key: string,
    options?: Pick<L2WriteOptions, 'hashTag'>,
  ): Promise<CacheEnvelope | undefined>;
  mget(
    namespace: string,
    keys: string[],
    options?: Pick<L2WriteOptions, 'hashTag'>,
  ): Promise<Map<string, CacheEnvelope>>;
  set(namespace: string, key: string, envelope: CacheEnvelope, options?: L2WriteOptions): Promise<void>;
  mset(namespace: string, entries: Array<[string, CacheEnvelope]>, options?: L2WriteOptions): Promise<void>;
  delete(namespace: string, keys: string[], options?: Pick<L2WriteOptions, 'hashTag'>): Promise<number>;
  deleteByPattern(namespace: string, glob: string): Promise<number>;
  deleteByTags(namespace: string, tags: string[]): Promise<number>;
  clear(namespace: string): Promise<number>;
  acquireLock(namespace: string, key: string, ttlMs: number): Promise<string | undefined>;
  releaseLock(namespace: string, key: string, token: string): Promise<boolean>;
  scanKeys(
    namespace: string,
    glob: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ keys: string[]; nextCursor: string | null }>;
  readonly breakerState?: CircuitState;
}
