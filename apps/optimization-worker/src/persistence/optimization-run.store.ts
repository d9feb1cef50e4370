import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_DATA_SOURCE } from '@hotpath/platform';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';

export type RunState = 'active' | 'retrying' | 'completed' | 'failed';

/**
 * `perf.optimization_runs`: one row per job (`job_id` = `<queue>:<id>`), written as the job starts,
 * retries, completes or fails, so a run can be read after BullMQ has trimmed the job.
 */
@Injectable()
export class OptimizationRunStore {
  constructor(@Inject(DATABASE_DATA_SOURCE) private readonly dataSource: DataSource) {}

  static runId(job: Job): string {
    return `${job.queueName}:${job.id}`;
  }

  async started(job: Job, scope: string | undefined, requestedBy: string | undefined, requestId: string | undefined): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO perf.optimization_runs (job_id, queue, type, scope, state, requested_by, request_id, started_at, attempts)
       VALUES ($1, $2, $3, $4, 'active', $5, $6, now(), $7)
       ON CONFLICT (job_id) DO UPDATE
         SET state = 'active', started_at = now(), attempts = EXCLUDED.attempts,
             finished_at = NULL, duration_ms = NULL, failed_reason = NULL`,
      [OptimizationRunStore.runId(job), job.queueName, job.name, scope ?? null, requestedBy ?? 'unknown', requestId ?? null, job.attemptsStarted],
    );
  }

  async finished(job: Job, state: Exclude<RunState, 'active'>, outcome: { result?: unknown; failedReason?: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE perf.optimization_runs
          SET state = $2, result = $3, failed_reason = $4,
              finished_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() END,
              duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int
        WHERE job_id = $1`,
      [OptimizationRunStore.runId(job), state, outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.failedReason ?? null],
    );
  }
}
