import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { QueryAnalysisReport } from '@hotpath/analysis';
import { OptimizationJobs, Queues } from '@hotpath/contracts';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { WorkerConfig } from '../config';
import { OptimizationRunStore } from '../persistence/optimization-run.store';
import { RecommendationStore } from '../persistence/recommendation.store';
import { BOUNDED_WORKER_OPTIONS } from '../runtime/bounded-worker-options';
import { jobLogFields, logJobFailure } from '../runtime/job-log-fields';
import { drainWorker, startWorker } from '../runtime/worker-lifecycle';
import { WORKER_CONFIG } from '../worker-config.token';
import { AnalysisBusyError } from './analysis-busy.error';
import { parseOptimizationJob } from './optimization-job';
import { QueryAnalysisTask } from './query-analysis.task';

/** How long a job waits when its database is being analysed by another worker (plus jitter). */
const BUSY_DELAY_MS = 5_000;

/**
 * `hotpath.optimization`: `query-analysis` (libs/analysis, per database of ANALYSIS_DATABASE_URLS)
 * and `full`. Every run is a row of `perf.optimization_runs`; its findings go, deduplicated, to
 * `perf.recommendations`. Bad payloads fail at once; other failures retry with the job's backoff.
 */
@Processor(Queues.Optimization, BOUNDED_WORKER_OPTIONS)
export class OptimizationProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OptimizationProcessor.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly queryAnalysis: QueryAnalysisTask,
    private readonly runs: OptimizationRunStore,
    private readonly recommendations: RecommendationStore,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.config.optimization.concurrency, this.logger);
  }

  async onModuleDestroy(): Promise<void> {
    await drainWorker(this.worker, this.logger);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    const raw = (job.data ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    await this.runs.started(job, text(raw.scope), text(raw.requestedBy), text(raw.requestId));
    const { name, data } = parseOptimizationJob(job.name, job.data);
    this.logger.log({ ...jobLogFields(job), scope: data.scope }, `${name} started`);

    if (name === OptimizationJobs.PoolTuning || name === OptimizationJobs.CacheTuning) {
      throw new UnrecoverableError(`${name} is not implemented by this worker yet`);
    }
    let reports: QueryAnalysisReport[];
    try {
      reports = await this.analyseDatabases(job, data.scope);
    } catch (error) {
      if (!(error instanceof AnalysisBusyError)) throw error;
      // Not a failure: wait for the other analysis without using up one of the job's tries.
      await this.runs.finished(job, 'retrying', { failedReason: error.message });
      this.logger.log({ ...jobLogFields(job), database: error.database }, 'database busy; job delayed');
      await job.moveToDelayed(Date.now() + BUSY_DELAY_MS + Math.floor(Math.random() * BUSY_DELAY_MS), token);
      throw new DelayedError();
    }
    const stored = await this.recommendations.upsert(reports.flatMap((report) => report.recommendations));
    const result = {
      type: name,
      scope: data.scope ?? null,
      recommendations: stored,
      databases: reports.map((report) => ({
        database: report.database,
        confidence: report.confidence,
        durationMs: report.durationMs,
        recommendations: report.recommendations.length,
        statements: report.statements,
      })),
      ...(name === OptimizationJobs.Full
        ? { notRun: [OptimizationJobs.PoolTuning, OptimizationJobs.CacheTuning] }
        : {}),
    };
    await this.runs.finished(job, 'completed', { result });
    this.logger.log({ ...jobLogFields(job), ...stored }, `${name} completed`);
    return result;
  }

  private async analyseDatabases(job: Job, scope: string | undefined): Promise<QueryAnalysisReport[]> {
    const urls = this.queryAnalysis.databases(scope);
    const reports: QueryAnalysisReport[] = [];
    for (const [position, url] of urls.entries()) {
      reports.push(
        await this.queryAnalysis.run(url, (done, total) =>
          job.updateProgress(Math.floor(((position + (total === 0 ? 1 : done / total)) / urls.length) * 100)),
        ),
      );
    }
    return reports;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    const final = logJobFailure(this.logger, job, error, {
      final: 'optimization job failed',
      retrying: 'optimization job failed; retrying with backoff',
    });
    if (job === undefined) return;
    await this.runs
      .finished(job, final ? 'failed' : 'retrying', { failedReason: error.message })
      .catch((storeError: unknown) =>
        this.logger.warn({ ...jobLogFields(job), err: storeError }, 'run not recorded'),
      );
  }
}
