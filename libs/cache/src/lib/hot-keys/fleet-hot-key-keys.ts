/** Default prefix of the fleet's hot-key sets in the queue Redis (under the cache-service's `hotpath:cache:*`). */
export const FLEET_HOT_KEYS_PREFIX = 'hotpath:cache:hot-keys:';

/**
 * The Redis keys of one namespace's fleet hot-key set, built in this one place. The namespace is the
 * hash tag, so a namespace's index and every instance's list share a cluster slot: one MULTI writes
 * them, one pipeline to one node reads them.
 */
export const fleetHotKeyKeys = {
  /** Sorted set: instance id → when its list expires (ms since the epoch). */
  instances: (prefix: string, namespace: string): string => `${prefix}{${namespace}}:instances`,
  /** Sorted set: key → rank points (the hottest of `n` keys scores `n`, the coldest 1), with a TTL. */
  instance: (prefix: string, namespace: string, instanceId: string): string =>
    `${prefix}{${namespace}}:instance:${instanceId}`,
};
