/** A value served by `L1Store.get`; `stale` when now is past `expiresAt` but not past `staleUntil`. */
export interface L1Lookup<V> {
  value: V;
  stale: boolean;
}
