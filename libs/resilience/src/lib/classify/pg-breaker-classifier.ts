import type { CallVerdict } from '../breaker/call-verdict';
import { classifyPgError } from './classify-pg-error';

/** `classifyError` for a breaker around PostgreSQL: `new CircuitBreaker({ name: 'pg', classifyError: pgBreakerClassifier })`. */
export function pgBreakerClassifier(error: unknown): CallVerdict {
  return classifyPgError(error).verdict;
}
