import { WriteBehindJobs, type WriteBehindJobData } from '@hotpath/contracts';
import type { Queue } from 'bullmq';
import type { WriteBehindQueue } from './write-behind-queue';

export interface BullWriteBehindOptions {
  /** How long writes to one key are coalesced before the flush job becomes due (default 1000 ms). */
  coalesceMs?: number;
  attempts?: number;
}

/**
 * Write-behind over BullMQ (in production the contract's `hotpath.write-behind` queue). Writes to the same key coalesce: while
 * the key's flush job is still delayed, a newer write replaces its data (deduplication `replace`);
 * while it is being flushed, the newest data is kept for one follow-up job (`keepLastIfActive`).
 * The flush is idempotent per (namespace, key, version), so a retried job never goes backwards.
 */
export class BullWriteBehindQueue implements WriteBehindQueue {
  constructor(
    private readonly queue: Queue,
    private readonly options: BullWriteBehindOptions = {},
  ) {}

  async enqueue(entry: WriteBehindJobData): Promise<void> {
    const coalesceKey = `${entry.namespace}:${entry.key}`;
    await this.queue.add(WriteBehindJobs.Flush, entry, {
      delay: this.options.coalesceMs ?? 1000,
      deduplication: { id: coalesceKey, replace: true, keepLastIfActive: true },
      attempts: this.options.attempts ?? 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: false,
    });
  }
}
