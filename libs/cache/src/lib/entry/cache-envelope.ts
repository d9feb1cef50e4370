/**
 * A cached value with the metadata every tier keeps beside it. Times are epoch milliseconds:
 * fresh until `expiresAt`, served only as a flagged stale fallback until `staleUntil`, gone after.
 */
export interface CacheEnvelope<T = unknown> {
  value: T;
  /** Changes on every write of the key (the HTTP ETag); larger is newer. */
  version: number;
  createdAt: number;
  expiresAt: number;
  staleUntil: number;
  tags: readonly string[];
}
