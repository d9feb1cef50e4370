import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { NAMESPACE_PATTERN } from '../policy/cache-policy';
import { type WriteBehindPolicy, writeBehindPolicySchema } from '../policy/write-behind-policy';
import { WriteBehindKeys } from './write-behind-keys';
import { type FlushSchedule, markerTtlMs, queueFlush } from './write-behind-scheduling';
import type { WriteBehindEntry, WriteBehindSink } from './write-behind-sink';
import ackBatchScript from './scripts/ack-batch.lua';
import claimBatchScript from './scripts/claim-batch.lua';

type WithFlushScripts = {
  hotpathWriteBehindClaim(...args: Array<string | number>): Promise<Array<string | null>>;
  hotpathWriteBehindAck(...args: Array<string | number>): Promise<[number, number, FlushSchedule]>;
};

export interface WriteBehindFlusherOptions {
  /** The queue Redis the producer stages into. */
  redis: Redis | Cluster;
  /** The `hotpath.write-behind` queue: a flush that leaves entries behind queues the next one. */
  queue: Queue;
  /** The sink of a namespace's policy (the caller caches and closes them). */
  sinkFor: (policy: WriteBehindPolicy) => WriteBehindSink;
  keys?: WriteBehindKeys;
  /** Batches one flush writes at most before it hands the rest to another job (default 20). */
  maxBatchesPerFlush?: number;
}

export interface FlushResult {
  /** Entries the sink confirmed. */
  written: number;
  /** Of those, removed from Redis (the rest were overwritten by a newer write meanwhile). */
  removed: number;
  /** Entries still waiting in the namespace. */
  pending: number;
  batches: number;
}

/** Thrown for a staged namespace whose stored policy the flusher cannot read: no retry mends it. */
export class WriteBehindConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = WriteBehindConfigError.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * The worker's side of write-behind: flushes a namespace's pending entries a batch at a time:
 * claim (clear the markers, read a batch, remove nothing), write to the sink, then remove each
 * entry only if it still holds the version written (compare-and-delete). A crash anywhere leaves
 * the entries pending for the next flush, and writing them again is harmless (the sink applies a
 * version only over an older one). A sink failure rejects, for BullMQ to retry with backoff.
 */
export class WriteBehindFlusher {
  private readonly redis: Redis | Cluster;
  readonly keys: WriteBehindKeys;

  constructor(private readonly options: WriteBehindFlusherOptions) {
    this.redis = options.redis;
    this.keys = options.keys ?? new WriteBehindKeys();
    if (!('hotpathWriteBehindClaim' in this.redis)) {
      this.redis.defineCommand('hotpathWriteBehindClaim', { numberOfKeys: 4, lua: claimBatchScript });
      this.redis.defineCommand('hotpathWriteBehindAck', { numberOfKeys: 3, lua: ackBatchScript });
    }
  }

  async flush(
    namespace: string,
    onBatch: (result: FlushResult) => Promise<void> | void = () => undefined,
  ): Promise<FlushResult> {
    const keys = this.keys.of(namespace);
    const scripts = this.redis as unknown as WithFlushScripts;
    const result: FlushResult = { written: 0, removed: 0, pending: 0, batches: 0 };
    const maxBatches = this.options.maxBatchesPerFlush ?? 20;
    let policy: WriteBehindPolicy | undefined;
    for (;;) {
      // The batch size of the first claim is the default; the stored policy's applies from then on.
      const batchSize = policy?.batchSize ?? writeBehindPolicySchema.shape.batchSize.parse(undefined);
      const [config, ...flat] = await scripts.hotpathWriteBehindClaim(
        keys.pending,
        keys.scheduled,
        keys.due,
        keys.config,
        batchSize,
      );
      if (flat.length === 0) return result;
      policy = parseConfig(namespace, config);
      const entries = decodeEntries(flat).slice(0, policy.batchSize);
      await this.options.sinkFor(policy).write(namespace, entries);
      const ttl = markerTtlMs(policy.flushIntervalMs);
      const pairs = entries.flatMap((entry) => [entry.key, String(entry.version)]);
      const [removed, pending, schedule] = await scripts.hotpathWriteBehindAck(
        keys.pending,
        keys.scheduled,
        keys.due,
        policy.batchSize,
        ttl,
        ...pairs,
      );
      result.written += entries.length;
      result.removed += removed;
      result.pending = pending;
      result.batches++;
      await onBatch(result);
      // A full batch waits behind this one: flush it now rather than through another job, unless
      // this flush has done its share (then the job ack-batch.lua asked for takes over).
      if (pending >= policy.batchSize && result.batches < maxBatches) {
        continue;
      }
      await queueFlush(this.options.queue, schedule, { namespace }, policy.flushIntervalMs);
      return result;
    }
  }

  /**
   * Queues a flush for every namespace that has pending writes and no flush queued: the repair for
   * a flush job lost (a producer that staged a write and died before queueing its job, a job that
   * failed its last attempt). The markers' expiry bounds how long such a namespace waits, and
   * concurrent sweeps queue one job between them (SET NX).
   */
  async sweep(): Promise<number> {
    let queued = 0;
    for (const namespace of await this.redis.smembers(this.keys.namespaces())) {
      if (!NAMESPACE_PATTERN.test(namespace)) continue;
      const keys = this.keys.of(namespace);
      const [pending, config] = await Promise.all([
        this.redis.hlen(keys.pending),
        this.redis.get(keys.config),
      ]);
      if (pending === 0 || !config) continue;
      if (await this.redis.exists(keys.due)) continue;
      const { flushIntervalMs } = parseConfig(namespace, config);
      if ((await this.redis.set(keys.scheduled, '1', 'PX', markerTtlMs(flushIntervalMs), 'NX')) !== 'OK')
        continue;
      await queueFlush(this.options.queue, 2, { namespace }, flushIntervalMs);
      queued++;
    }
    return queued;
  }
}

function parseConfig(namespace: string, config: string | null | undefined): WriteBehindPolicy {
  if (!config)
    throw new WriteBehindConfigError(
      `namespace ${namespace} has pending writes but no stored writeBehind policy`,
    );
  try {
    return writeBehindPolicySchema.parse(JSON.parse(config));
  } catch (error) {
    throw new WriteBehindConfigError(`the stored writeBehind policy of ${namespace} is invalid`, {
      cause: error,
    });
  }
}

/** `[field, "<version>|<json>", …]` as entries. */
function decodeEntries(flat: Array<string | null>): WriteBehindEntry[] {
  const entries: WriteBehindEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const stored = flat[i + 1] as string;
    const bar = stored.indexOf('|');
    const { value, requestId } = JSON.parse(stored.slice(bar + 1)) as { value: unknown; requestId?: string };
    entries.push({ key: flat[i] as string, version: Number(stored.slice(0, bar)), value, requestId });
  }
  return entries;
}
