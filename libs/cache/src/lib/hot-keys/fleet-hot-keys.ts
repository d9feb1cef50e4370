import type { Cluster, Redis } from 'ioredis';
import { FLEET_HOT_KEYS_PREFIX, fleetHotKeyKeys } from './fleet-hot-key-keys';

/** One instance's hottest keys of one namespace, hottest first. */
export interface NamespaceHotKeys {
  namespace: string;
  keys: string[];
}

export interface PublishHotKeysOptions {
  instanceId: string;
  /** How long the list counts once published: an instance that stops publishing drops out after it. */
  ttlMs: number;
  prefix?: string;
  /** ms since the epoch (default `Date.now`); every instance's clock should roughly agree. */
  now?: number;
}

/**
 * Publishes an instance's hot keys, replacing its previous list of each namespace given. Each key
 * scores by rank (the hottest of `n` keys `n` points, the coldest 1): sketch frequencies of
 * different instances are not comparable, ranks are. A namespace whose list is empty is skipped
 * (the previous list then expires on its own).
 */
export async function publishHotKeys(
  redis: Redis | Cluster,
  lists: NamespaceHotKeys[],
  options: PublishHotKeysOptions,
): Promise<void> {
  const prefix = options.prefix ?? FLEET_HOT_KEYS_PREFIX;
  const now = options.now ?? Date.now();
  const ttlMs = Math.max(1, Math.round(options.ttlMs));
  await Promise.all(
    lists
      .filter((list) => list.keys.length > 0)
      .map((list) => {
        const index = fleetHotKeyKeys.instances(prefix, list.namespace);
        const own = fleetHotKeyKeys.instance(prefix, list.namespace, options.instanceId);
        const scored: Array<string | number> = [];
        list.keys.forEach((key, rank) => scored.push(list.keys.length - rank, key));
        return redis
          .multi()
          .del(own)
          .zadd(own, ...scored)
          .pexpire(own, ttlMs)
          .zadd(index, now + ttlMs, options.instanceId)
          .zremrangebyscore(index, '-inf', now)
          .pexpire(index, ttlMs)
          .exec()
          .then(failOnError);
      }),
  );
}

export interface ReadFleetHotKeysOptions {
  /** At most this many keys, hottest first. */
  limit: number;
  prefix?: string;
  now?: number;
}

/**
 * The fleet's hot keys of a namespace: every live instance's list merged by summing rank points,
 * hottest first (ties by key). Lists past their TTL count for nothing.
 */
export async function readFleetHotKeys(
  redis: Redis | Cluster,
  namespace: string,
  options: ReadFleetHotKeysOptions,
): Promise<string[]> {
  const prefix = options.prefix ?? FLEET_HOT_KEYS_PREFIX;
  const now = options.now ?? Date.now();
  const instances = await redis.zrangebyscore(
    fleetHotKeyKeys.instances(prefix, namespace),
    `(${now}`,
    '+inf',
  );
  if (instances.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of instances)
    pipeline.zrange(fleetHotKeyKeys.instance(prefix, namespace, id), '0', '-1', 'WITHSCORES');
  const lists = failOnError(await pipeline.exec()) as string[][];
  const points = new Map<string, number>();
  for (const list of lists) {
    for (let i = 0; i < list.length; i += 2)
      points.set(list[i], (points.get(list[i]) ?? 0) + Number(list[i + 1]));
  }
  return [...points]
    .sort(([a, pa], [b, pb]) => pb - pa || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, options.limit))
    .map(([key]) => key);
}

function failOnError(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (!results) throw new Error('hot-key transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
