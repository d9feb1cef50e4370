import type { WorkerOptions } from 'bullmq';

/**
 * Worker options every Hotpath processor shares (`@Processor(queue, BOUNDED_WORKER_OPTIONS)`):
 * - `autorun: false`: the worker starts in `onApplicationBootstrap` (see {@link startWorker}), once
 *   its concurrency is set from config and every dependency is ready;
 * - finished jobs kept a bounded time and count, whatever the producer asked: the queue Redis is
 *   `noeviction`, and failed jobs stay long enough to be looked at.
 */
export const BOUNDED_WORKER_OPTIONS: Omit<WorkerOptions, 'connection'> = {
  autorun: false,
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};
