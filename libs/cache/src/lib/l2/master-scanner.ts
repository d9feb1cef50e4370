import type { Cluster, Redis } from 'ioredis';
import { CacheError } from '../errors/cache.error';
import { groupBySlot } from './group-by-slot';
import type { L2Guard } from './l2-guard';

const SCAN_COUNT = 1000;
/** SCAN round trips one page may spend before it returns what it has (possibly nothing). */
const MAX_SCANS_PER_PAGE = 32;

/** One page of a cross-master scan; `next` is undefined once the last master is done. */
interface MasterScanPage {
  redisKeys: string[];
  next: { master: number; cursor: string } | undefined;
}

/**
 * SCAN over every master of a Cluster (or the one standalone server): never KEYS, each round trip
 * guarded (timeout, breaker), so sweeping a large namespace is many short calls, not one long one.
 * Masters are ordered by address so a paging cursor's master index means the same node next time.
 */
export class MasterScanner {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly guard: L2Guard,
  ) {}

  /** Sorted masters; a Cluster client that knows none yet is unavailable, not empty. */
  masters(): Redis[] {
    if (!this.redis.isCluster) return [this.redis as Redis];
    const masters = (this.redis as Cluster).nodes('master');
    if (masters.length === 0)
      throw new CacheError('L2_UNAVAILABLE', 'the Redis Cluster client knows no master yet');
    const address = (node: Redis): string => `${node.options.host}:${node.options.port}`;
    return [...masters].sort((a, b) => address(a).localeCompare(address(b)));
  }

  /** UNLINKs every key matching `pattern` on every master, one batch per SCAN reply; returns how many. */
  async unlinkMatching(pattern: string): Promise<number> {
    const removed = await Promise.all(
      this.masters().map(async (node) => {
        let count = 0;
        let cursor = '0';
        do {
          const [next, keys] = await this.guard('SCAN', () =>
            node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT),
          );
          cursor = next;
          if (keys.length > 0) count += await this.unlinkOn(node, keys);
        } while (cursor !== '0');
        return count;
      }),
    );
    return removed.reduce((sum, count) => sum + count, 0);
  }

  /**
   * Up to `limit` keys matching `pattern` from `from` on, never one twice. SCAN is stateless, so
   * when a reply would overflow the page the page ends before it and the next page scans that
   * cursor again; when even a first reply overflows, it is asked again with a smaller COUNT (a page
   * exceeds `limit` only if one hash bucket alone holds more matches, at COUNT 1). A page may be
   * empty with a cursor: a sparse pattern on a big keyspace stops after a bounded number of SCANs.
   */
  async page(
    pattern: string,
    from: { master: number; cursor: string },
    limit: number,
  ): Promise<MasterScanPage> {
    const masters = this.masters();
    const redisKeys: string[] = [];
    let { master, cursor } = from;
    let count = SCAN_COUNT;
    for (let scans = 0; master < masters.length && scans < MAX_SCANS_PER_PAGE; scans++) {
      const node = masters[master];
      const [next, keys] = await this.guard('SCAN', () =>
        node.scan(cursor, 'MATCH', pattern, 'COUNT', count),
      );
      if (redisKeys.length + keys.length > limit) {
        if (redisKeys.length > 0) break;
        if (count > 1) {
          count = Math.ceil(count / 2);
          continue;
        }
      }
      redisKeys.push(...keys);
      count = SCAN_COUNT;
      if (next === '0') {
        master++;
        cursor = '0';
      } else cursor = next;
      if (redisKeys.length >= limit) break;
    }
    return { redisKeys, next: master < masters.length ? { master, cursor } : undefined };
  }

  /** UNLINK on the node that holds the keys: one command per slot, one pipeline per batch. */
  private async unlinkOn(node: Redis, keys: string[]): Promise<number> {
    if (!this.redis.isCluster) return this.guard('UNLINK', () => node.unlink(...keys));
    const pipeline = node.pipeline();
    for (const group of groupBySlot(keys, (key) => key).values()) pipeline.unlink(...group);
    const replies = await this.guard('UNLINK', async () => (await pipeline.exec()) ?? []);
    let count = 0;
    for (const [error, removed] of replies) {
      if (error)
        throw new CacheError('L2_UNAVAILABLE', `L2 UNLINK failed: ${error.message}`, { cause: error });
      count += removed as number;
    }
    return count;
  }
}
