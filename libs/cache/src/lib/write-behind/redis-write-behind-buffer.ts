import type { WriteBehindJobData } from '@hotpath/contracts';
import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { CacheError } from '../errors/cache.error';
import type { CachePolicy } from '../policy/cache-policy';
import { WriteBehindBacklogError } from './write-behind-backlog.error';
import { WriteBehindKeys } from './write-behind-keys';
import type { WriteBehindQueue } from './write-behind-queue';
import { type FlushSchedule, markerTtlMs, queueFlush } from './write-behind-scheduling';
import stageWriteScript from './scripts/stage-write.lua';

type StageResult = [staged: -1 | 0 | 1, pending: number, schedule: FlushSchedule];
type WithStageWrite = {
  hotpathWriteBehindStage(...args: Array<string | number>): Promise<StageResult>;
};

/** At most this many namespaces are remembered for `backlog()` (only write-behind namespaces count). */
const MAX_TRACKED_NAMESPACES = 1000;

export interface RedisWriteBehindBufferOptions {
  /** The queue Redis (where BullMQ's `hotpath.write-behind` lives: `noeviction`). */
  redis: Redis | Cluster;
  /** The `hotpath.write-behind` queue, for the namespace flush jobs. */
  queue: Queue;
  keys?: WriteBehindKeys;
}

/**
 * The write-behind producer. Each acknowledged write is staged in Redis as its namespace's pending
 * entry for the key (one HASH per namespace, stage-write.lua), the higher version winning, and a
 * flush job per namespace is queued when none is: delayed by `flushIntervalMs`, or at once when
 * `batchSize` entries wait. The job carries no entry: the worker flushes whatever is pending when
 * it runs, and removes an entry only once the sink confirmed that exact version. So the newest
 * acknowledged version of every key is the one flushed, however many writes a flush job covers
 * and whatever state that job is in (BullMQ's deduplication, which this replaces, only replaced a
 * *delayed* job: writes arriving while one waited were dropped).
 */
export class RedisWriteBehindBuffer implements WriteBehindQueue {
  private readonly redis: Redis | Cluster;
  private readonly queue: Queue;
  readonly keys: WriteBehindKeys;
  /** Namespaces written through this instance, with their bound (for `backlog()`). */
  private readonly tracked = new Map<string, number>();

  constructor(options: RedisWriteBehindBufferOptions) {
    this.redis = options.redis;
    this.queue = options.queue;
    this.keys = options.keys ?? new WriteBehindKeys();
    if (!('hotpathWriteBehindStage' in this.redis)) {
      this.redis.defineCommand('hotpathWriteBehindStage', { numberOfKeys: 4, lua: stageWriteScript });
    }
  }

  async enqueue(entry: WriteBehindJobData, policy: CachePolicy): Promise<void> {
    const writeBehind = policy.writeBehind;
    if (!writeBehind) {
      throw new CacheError(
        'WRITER_FAILED',
        `namespace ${entry.namespace} is write-behind but its policy names no writeBehind sink`,
      );
    }
    const { batchSize, flushIntervalMs, maxPending } = writeBehind;
    const keys = this.keys.of(entry.namespace);
    const ttl = markerTtlMs(flushIntervalMs);
    const [staged, pending, schedule] = await (
      this.redis as unknown as WithStageWrite
    ).hotpathWriteBehindStage(
      keys.pending,
      keys.scheduled,
      keys.due,
      keys.config,
      entry.key,
      String(entry.version),
      JSON.stringify({ value: entry.value ?? null, requestId: entry.requestId }),
      maxPending,
      batchSize,
      ttl,
      JSON.stringify(writeBehind),
    );
    this.track(entry.namespace, maxPending);
    if (staged === -1) {
      throw new WriteBehindBacklogError(
        entry.namespace,
        pending,
        Math.max(1, Math.ceil(flushIntervalMs / 1000)),
      );
    }
    if (schedule === 0) return;
    try {
      await queueFlush(
        this.queue,
        schedule,
        { namespace: entry.namespace, requestId: entry.requestId },
        flushIntervalMs,
      );
      // Only for the worker's sweep of namespaces whose flush job was lost; outside the script (another slot).
      await this.redis.sadd(this.keys.namespaces(), entry.namespace);
    } catch (error) {
      // The entry is staged but no job covers it: let the next write ask for one, then fail this write.
      await this.redis.del(schedule === 1 ? keys.scheduled : keys.due).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Entries waiting to be flushed per namespace written through this instance, with each one's bound:
   * what `/status` and the `hotpath_write_behind_pending` gauge show.
   */
  async backlog(): Promise<Array<{ namespace: string; pending: number; maxPending: number }>> {
    const namespaces = [...this.tracked];
    const counts = await Promise.all(
      namespaces.map(([namespace]) => this.redis.hlen(this.keys.of(namespace).pending)),
    );
    return namespaces.map(([namespace, maxPending], index) => ({
      namespace,
      pending: counts[index],
      maxPending,
    }));
  }

  private track(namespace: string, maxPending: number): void {
    if (this.tracked.size >= MAX_TRACKED_NAMESPACES && !this.tracked.has(namespace)) return;
    this.tracked.set(namespace, maxPending);
  }
}
