import type { CachePolicy } from './cache-policy';

/** Where the tiered cache reads the current policy of a namespace (synchronously: it is on the hot path). */
export interface PolicySource {
  policyOf(namespace: string): CachePolicy;
  /**
   * A number that changes whenever any namespace's policy may have changed. With it, a read of a
   * namespace already held skips `policyOf` while it stays the same; without it, every read asks.
   */
  readonly revision?: number;
  /**
   * Whether the namespace has a policy of its own (not the default). The tiered cache holds such a
   * namespace from its first read and never releases it when idle; without this method, no
   * namespace counts as having one.
   */
  hasPolicy?(namespace: string): boolean;
}
