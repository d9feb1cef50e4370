export interface L1SetOptions {
  /** Size of the value in bytes, as the caller measures it (finite, ≥ 0, ≤ the store's `maxBytes`). */
  size: number;
  /** Absolute time (ms) after which the value is stale; default never. */
  expiresAt?: number;
  /** Absolute time (ms) after which the value is never served; default `expiresAt`. */
  staleUntil?: number;
}
