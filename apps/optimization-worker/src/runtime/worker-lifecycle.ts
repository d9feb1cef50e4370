import type { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';

/** How long a drain waits for active jobs before it gives them back to the queue as stalled. */
export const DRAIN_TIMEOUT_MS = 20_000;
/** How long a forced close may take before the worker's connections are simply dropped. */
const FORCE_CLOSE_MS = 1_000;

/** Sets the worker's concurrency (from config) and starts it; errors are logged, never thrown. */
export function startWorker(worker: Worker, concurrency: number, logger: Logger): void {
  worker.concurrency = concurrency;
  worker.on('error', (error) => logger.error({ err: error }, `worker of ${worker.name} failed`));
  void worker
    .run()
    .catch((error: unknown) => logger.error({ err: error }, `worker of ${worker.name} stopped`));
}

/**
 * Drains the worker: takes no new job and waits for the active ones to finish (BullMQ's `close()`
 * without force). Called from a shutdown hook that runs before the pools and connections the jobs
 * use are closed. The wait is bounded: with its Redis gone, BullMQ's `close()` may never return
 * (it cannot record anything anyway), so the drain is skipped while Redis is unreachable and cut
 * short after `timeoutMs`; then the worker is closed by force and its connections dropped. A job
 * cut off that way (like one cut off by SIGKILL) keeps its lock until it expires and is retried by
 * another worker as a stalled job: never lost, and applied once if it is idempotent.
 */
export async function drainWorker(
  worker: Worker,
  logger: Logger,
  timeoutMs = DRAIN_TIMEOUT_MS,
): Promise<void> {
  if (await redisAnswers(worker)) {
    logger.log(`draining ${worker.name}: waiting for its active jobs`);
    const closed = await settlesWithin(worker.close(), timeoutMs).catch((): typeof TIMED_OUT => TIMED_OUT);
    if (closed !== TIMED_OUT) {
      logger.log(`${worker.name} drained`);
      return;
    }
    logger.warn(
      `${worker.name} did not drain within ${timeoutMs} ms; its active jobs will be retried as stalled`,
    );
  } else {
    logger.warn(
      `${worker.name}: Redis unreachable, closing without a drain; active jobs will be retried as stalled`,
    );
  }
  await settlesWithin(worker.close(true), FORCE_CLOSE_MS).catch(() => undefined);
  await settlesWithin(worker.disconnect(), FORCE_CLOSE_MS).catch(() => undefined);
}

const TIMED_OUT = Symbol('timed out');

/** Whether the worker's connection is up now (ioredis leaves `ready` as soon as the socket closes). */
async function redisAnswers(worker: Worker): Promise<boolean> {
  const client = await settlesWithin(worker.getBackend().client, FORCE_CLOSE_MS).catch(
    (): typeof TIMED_OUT => TIMED_OUT,
  );
  return client !== TIMED_OUT && client.status === 'ready';
}

/** `promise`'s value, or TIMED_OUT once `ms` passed without it settling (a rejection propagates). */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
