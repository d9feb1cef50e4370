import type { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';

/** Sets the worker's concurrency (from config) and starts it; errors are logged, never thrown. */
export function startWorker(worker: Worker, concurrency: number, logger: Logger): void {
  worker.concurrency = concurrency;
  worker.on('error', (error) => logger.error({ err: error }, `worker of ${worker.name} failed`));
  void worker.run().catch((error: unknown) => logger.error({ err: error }, `worker of ${worker.name} stopped`));
}

/**
 * Drains the worker: takes no new job and waits for the active ones to finish (BullMQ's `close()`
 * without force). Called from `onModuleDestroy`, the first shutdown hook, so jobs finish while
 * the pools and connections they use are still open (those close in `onApplicationShutdown`). A job
 * cut off anyway (SIGKILL, the shutdown deadline) keeps its lock until it expires and is then
 * retried by another worker as a stalled job: never lost, and applied once if it is idempotent.
 */
export async function drainWorker(worker: Worker, logger: Logger): Promise<void> {
  logger.log(`draining ${worker.name}: waiting for its active jobs`);
  await worker.close();
  logger.log(`${worker.name} drained`);
}
