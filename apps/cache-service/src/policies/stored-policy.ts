import type { CachePolicy } from '@hotpath/cache';

/** A namespace policy as PostgreSQL holds it: the policy, its version and who wrote it when. */
export interface StoredPolicy<P = CachePolicy> {
  policy: P;
  /** 1 for the first write of a namespace, +1 for every later one. */
  version: number;
  /** ISO 8601. */
  updatedAt: string;
  updatedBy: string;
}
