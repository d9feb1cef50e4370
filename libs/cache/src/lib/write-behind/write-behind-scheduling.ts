import { WriteBehindJobs, type WriteBehindFlushJobData } from '@hotpath/contracts';
import type { JobsOptions, Queue } from 'bullmq';

/** What stage-write.lua and ack-batch.lua ask for: nothing, a delayed flush, an immediate one. */
export type FlushSchedule = 0 | 1 | 2;

/** How long a marker says "a flush is queued" at most: past it, a write queues another (a lost job heals). */
export function markerTtlMs(flushIntervalMs: number): number {
  return flushIntervalMs * 2 + 30_000;
}

/** Retries with exponential backoff; finished jobs kept bounded (the queue Redis is `noeviction`). */
export const FLUSH_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { count: 10_000, age: 7 * 24 * 3600 },
};

/** Queues the flush job a script asked for (none for schedule 0). */
export async function queueFlush(
  queue: Queue,
  schedule: FlushSchedule,
  data: WriteBehindFlushJobData,
  flushIntervalMs: number,
): Promise<void> {
  if (schedule === 0) return;
  await queue.add(WriteBehindJobs.FlushNamespace, data, {
    ...FLUSH_JOB_OPTIONS,
    delay: schedule === 1 ? flushIntervalMs : 0,
  });
}
