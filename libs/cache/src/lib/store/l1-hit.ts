/**
 * An entry as `L1Store.hit` serves it: a new object on every read, built from the store's arrays,
 * with the stamps the entry was stored with. Its fields are those of the tiered cache's `CacheHit`,
 * in the same order, so it is one.
 */
export interface L1Hit<V> {
  value: V;
  version: number;
  tier: 'l1';
  /** Past `expiresAt`, before `staleUntil`. */
  stale: boolean;
  createdAt: number;
  expiresAt: number;
  staleUntil: number;
  /** The stored tags, frozen: every read of the entry shares them. */
  tags: readonly string[];
}
