import type { CallVerdict } from '../breaker/call-verdict';

/** What a database error means for a breaker and a retry. */
export interface PgErrorClassification {
  /** How the breaker counts it. */
  readonly verdict: CallVerdict;
  /** Whether running the same statement again (on a fresh connection) may succeed. */
  readonly retryable: boolean;
  /** The error's SQLSTATE (`53300`) or Node error code (`ECONNREFUSED`), if it had one. */
  readonly code: string | undefined;
  /** The condition's name (`too_many_connections`), for logs. */
  readonly reason: string;
}
