import { clusterKeySlot } from './cluster-key-slot';

/**
 * Groups items by the cluster slot of their Redis key, keeping their order inside each group, so
 * a multi-key command (MGET, UNLINK) or a pipeline can be sent once per slot.
 */
export function groupBySlot<T>(items: Iterable<T>, redisKeyOf: (item: T) => string): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const slot = clusterKeySlot(redisKeyOf(item));
    const group = groups.get(slot);
    if (group) group.push(item);
    else groups.set(slot, [item]);
  }
  return groups;
}
