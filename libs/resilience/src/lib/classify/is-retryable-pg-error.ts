import { classifyPgError } from './classify-pg-error';

/** `shouldRetry` for a retry around PostgreSQL: serialization failures, deadlocks, lost connections. */
export function isRetryablePgError(error: unknown): boolean {
  return classifyPgError(error).retryable;
}
