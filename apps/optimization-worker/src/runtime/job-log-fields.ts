import type { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

/** The fields every log line about a job carries, so it joins the request that caused it. */
export function jobLogFields(job: Job | undefined): Record<string, unknown> {
  const data = job?.data as { requestId?: unknown } | undefined;
  return {
    requestId: typeof data?.requestId === 'string' ? data.requestId : undefined,
    queue: job?.queueName,
    jobId: job?.id,
    job: job?.name,
    attempt: job?.attemptsMade,
  };
}

/** Whether this failure is the job's last: no retry follows it. */
export function isFinalFailure(job: Job | undefined, error: Error): boolean {
  return !job || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Logs a job's failure once, from the worker's `failed` event: as an error when it is the last,
 * a warning when a retry follows. `extra` adds the fields of that queue's payload worth a column.
 */
export function logJobFailure(
  logger: Logger,
  job: Job | undefined,
  error: Error,
  messages: { final: string; retrying: string },
  extra: Record<string, unknown> = {},
): boolean {
  const final = isFinalFailure(job, error);
  logger[final ? 'error' : 'warn'](
    { ...jobLogFields(job), ...extra, err: error },
    final ? messages.final : messages.retrying,
  );
  return final;
}
