import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { CacheWarmJobs, type CacheWarmJobResult, Queues } from '@hotpath/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import { CacheWarmRuntime } from './cache-warm.runtime';
import { parseWarmJob } from './warm-job';
import { WarmJobError } from './warm-job.error';
import { logJobFailure } from '../runtime/job-log-fields';
import { drainWorker } from '../runtime/worker-lifecycle';

/** Warm jobs run at once per worker process (each waits mostly on its source and its rate limit). */
const CONCURRENCY = 2;

/**
 * `hotpath.cache-warm`: warms a namespace's L2 (see CacheWarmer). A bad payload, an unknown source,
 * a namespace without a warm source or without L2 fail at once (UnrecoverableError); anything else
 * (a source that is down, Redis or PostgreSQL away) is retried with the job's backoff.
 */
@Processor(Queues.CacheWarm, { concurrency: CONCURRENCY })
export class CacheWarmProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(CacheWarmProcessor.name);

  constructor(private readonly runtime: CacheWarmRuntime) {
    super();
  }

  async process(job: Job): Promise<CacheWarmJobResult> {
    if (job.name !== CacheWarmJobs.Warm) throw new UnrecoverableError(`unknown job name ${job.name}`);
    const parsed = parseWarmJob(job.data);
    if ('problems' in parsed) throw new UnrecoverableError(`bad warm payload: ${parsed.problems}`);
    try {
      const result = await this.runtime.warmer.warm(parsed.job, (progress) =>
        job.updateProgress({ ...progress }),
      );
      this.logger.log({ requestId: parsed.job.requestId, jobId: job.id, ...result }, 'warmed');
      return result;
    } catch (error) {
      if (error instanceof WarmJobError) throw new UnrecoverableError(`${error.code}: ${error.message}`);
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
      { final: 'warm job failed', retrying: 'warm job failed; retrying with backoff' },
      { namespace },
    );
  }

  /** Lets active warm jobs finish before the connections they use close (SIGTERM drains). */
  async beforeApplicationShutdown(): Promise<void> {
    await drainWorker(this.worker, this.logger);
  }
}
