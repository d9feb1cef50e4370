export interface L1SetOptions {
  /** Size of the value in bytes, as the caller measures it (finite, ≥ 0, ≤ the store's `maxBytes`). */
  size: number;
  /** Absolute time (ms) after which the value is stale; default never. */
  expiresAt?: number;
  /** Absolute time (ms) after which the value is never served; default `expiresAt`. */
  staleUntil?: number;
  /** Stamps kept with the value and served by `hit` (the tiered cache's envelope): default 0. */
  version?: number;
  /** Default: the store's clock at the write. */
  createdAt?: number;
  /** Labels for bulk invalidation, yielded by `residents`; default none. Kept as a frozen copy (none made if frozen already). */
  tags?: readonly string[];
}
