import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { CacheError } from '../errors/cache.error';
import { clusterKeySlot } from './cluster-key-slot';

/**
 * Commands batched into pipelines: one for a standalone server, one per slot on a Cluster (a
 * Cluster pipeline must stay on one node), all sent at once. `exec` rejects with the first
 * command error, otherwise returns the replies in the order the commands were added.
 */
export class SlotPipelines {
  private readonly groups = new Map<
    number,
    Array<{ index: number; add: (pipeline: ChainableCommander) => void }>
  >();
  private count = 0;

  constructor(private readonly redis: Redis | Cluster) {}

  /** Commands added so far. */
  get size(): number {
    return this.count;
  }

  /** Adds ONE command whose key is `redisKey` (all keys of one command must share its slot). */
  add(redisKey: string, add: (pipeline: ChainableCommander) => void): this {
    const slot = this.redis.isCluster ? clusterKeySlot(redisKey) : 0;
    const group = this.groups.get(slot) ?? [];
    group.push({ index: this.count++, add });
    this.groups.set(slot, group);
    return this;
  }

  async exec(): Promise<unknown[]> {
    const replies = new Array<unknown>(this.count);
    await Promise.all(
      [...this.groups.values()].map(async (group) => {
        const pipeline = this.redis.pipeline();
        for (const command of group) command.add(pipeline);
        const results = (await pipeline.exec()) ?? [];
        results.forEach(([error, reply], i) => {
          if (error)
            throw new CacheError('L2_UNAVAILABLE', `L2 command failed: ${error.message}`, { cause: error });
          replies[group[i].index] = reply;
        });
      }),
    );
    return replies;
  }
}
