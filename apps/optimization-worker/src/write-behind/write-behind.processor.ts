import {
  type BeforeApplicationShutdown,
  Inject,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  type FlushResult,
  NAMESPACE_PATTERN,
  WriteBehindConfigError,
  WriteBehindFlusher,
} from '@hotpath/cache';
import { Queues, WriteBehindJobs } from '@hotpath/contracts';
import { QUEUE_REDIS } from '@hotpath/platform';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { WriteBehindSinks } from './write-behind-sinks';
import { logJobFailure } from '../runtime/job-log-fields';
import { drainWorker } from '../runtime/worker-lifecycle';

/** Namespace flushes at once per worker process (each mostly waits on its sink). */
const CONCURRENCY = 4;
/**
 * A flush takes a batch round trip or a few: a short lock lets a crashed worker's flush be taken
 * over soon (the flush is idempotent, so a stalled job run twice is harmless).
 */
const LOCK_DURATION_MS = 10_000;
/** How often namespaces with pending writes but no queued flush (a lost job) are looked for. */
const SWEEP_MS = 30_000;

/**
 * `hotpath.write-behind`: a `flush-namespace` job flushes its namespace's pending writes to the
 * namespace's sink (see WriteBehindFlusher in @hotpath/cache). A bad payload fails at once
 * (UnrecoverableError); a sink or Redis failure is retried with the job's exponential backoff, and
 * the writes stay pending meanwhile. SIGTERM lets running flushes finish.
 */
@Processor(Queues.WriteBehind, {
  concurrency: CONCURRENCY,
  lockDuration: LOCK_DURATION_MS,
  stalledInterval: LOCK_DURATION_MS,
})
export class WriteBehindProcessor
  extends WorkerHost
  implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(WriteBehindProcessor.name);
  private readonly flusher: WriteBehindFlusher;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(QUEUE_REDIS) redis: Redis | Cluster,
    @InjectQueue(Queues.WriteBehind) queue: Queue,
    sinks: WriteBehindSinks,
  ) {
    super();
    this.flusher = new WriteBehindFlusher({ redis, queue, sinkFor: sinks.sinkFor });
  }

  async process(job: Job): Promise<FlushResult> {
    if (job.name !== WriteBehindJobs.FlushNamespace) {
      // `flush` jobs of the old producer carry one entry and no sink: nothing can apply them.
      throw new UnrecoverableError(`unknown write-behind job name ${job.name}`);
    }
    const data = job.data as { namespace?: unknown; requestId?: unknown };
    if (typeof data?.namespace !== 'string' || !NAMESPACE_PATTERN.test(data.namespace)) {
      throw new UnrecoverableError(
        `bad write-behind payload: namespace must match ${NAMESPACE_PATTERN.source}`,
      );
    }
    try {
      const result = await this.flusher.flush(data.namespace, (progress) =>
        job.updateProgress({ ...progress }),
      );
      this.logger.debug(
        { requestId: data.requestId, jobId: job.id, namespace: data.namespace, ...result },
        'flushed',
      );
      return result;
    } catch (error) {
      if (error instanceof WriteBehindConfigError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    const namespace = (job?.data as { namespace?: unknown } | undefined)?.namespace;
    logJobFailure(
      this.logger,
      job,
      error,
      {
        final: 'write-behind flush failed; its writes stay pending',
        retrying: 'write-behind flush failed; retrying with backoff',
      },
      { namespace },
    );
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.flusher
        .sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'write-behind sweep failed'));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Lets running flushes finish before the connections they use close (SIGTERM drains). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await drainWorker(this.worker, this.logger);
  }
}
