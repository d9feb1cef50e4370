import { AppError } from '@hotpath/platform';

/**
 * A write-behind write refused because its namespace already has `maxPending` keys waiting to be
 * flushed (the sink or the worker is behind or down): 503 with `Retry-After`, so that callers back
 * off instead of filling the queue Redis, which runs `noeviction`. Nothing was written.
 */
export class WriteBehindBacklogError extends AppError<'WRITE_BEHIND_BACKLOG'> {
  constructor(namespace: string, pending: number, retryAfterSeconds: number) {
    super(
      'Unavailable',
      'WRITE_BEHIND_BACKLOG',
      `namespace ${namespace} has ${pending} writes waiting for its write-behind sink; retry in ${retryAfterSeconds} s`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }
}
