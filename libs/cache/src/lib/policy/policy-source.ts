import type { CachePolicy } from './cache-policy';

/** Where the tiered cache reads the current policy of a namespace (synchronously: it is on the hot path). */
export interface PolicySource {
  policyOf(namespace: string): CachePolicy;
}
