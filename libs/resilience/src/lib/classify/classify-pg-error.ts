import type { CallVerdict } from '../breaker/call-verdict';
import { isResilienceError } from '../errors/resilience.error';
import type { PgErrorClassification } from './pg-error-classification';
import { sqlStateOf } from './sql-state-of';

const verdict = (v: CallVerdict, retryable: boolean, reason: string, code?: string): PgErrorClassification =>
  Object.freeze({ verdict: v, retryable, reason, code });

/** Exact SQLSTATEs first, then classes (the first two characters). */
const BY_STATE: Record<string, PgErrorClassification> = {
  '53300': verdict('failure', false, 'too_many_connections', '53300'),
  '57P01': verdict('failure', true, 'admin_shutdown', '57P01'),
  '57P02': verdict('failure', true, 'crash_shutdown', '57P02'),
  '57P03': verdict('failure', true, 'cannot_connect_now', '57P03'),
  '25006': verdict('failure', true, 'read_only_sql_transaction', '25006'),
  '40001': verdict('ignore', true, 'serialization_failure', '40001'),
  '40P01': verdict('ignore', true, 'deadlock_detected', '40P01'),
  '55P03': verdict('ignore', true, 'lock_not_available', '55P03'),
};
const STATEMENT_TIMEOUT = verdict('slow', false, 'statement_timeout', '57014');
const QUERY_CANCELED = verdict('ignore', false, 'query_canceled', '57014');
const BY_CLASS: Record<string, (code: string) => PgErrorClassification> = {
  '08': (code) => verdict('failure', true, 'connection_exception', code),
  '23': (code) => verdict('ignore', false, 'integrity_constraint_violation', code),
  '53': (code) => verdict('failure', false, 'insufficient_resources', code),
  '58': (code) => verdict('failure', false, 'system_error', code),
  XX: (code) => verdict('failure', false, 'internal_error', code),
};
const OTHER_SQLSTATE = (code: string) => verdict('ignore', false, 'statement_error', code);
/** SQLSTATEs are a closed set of a few hundred: remembering each one's verdict is bounded. */
const byClassSeen = new Map<string, PgErrorClassification>();

function ofClass(state: string): PgErrorClassification {
  let known = byClassSeen.get(state);
  if (known === undefined) {
    known = BY_CLASS[state.slice(0, 2)]?.(state) ?? OTHER_SQLSTATE(state);
    byClassSeen.set(state, known);
  }
  return known;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const NETWORK = new Map([...NETWORK_CODES].map((code) => [code, verdict('failure', true, 'network_error', code)]));
const CONNECTION_LOST = verdict('failure', true, 'connection_lost');
const CLIENT_TIMEOUT = verdict('failure', false, 'client_timeout');
const LOCAL_REJECTION = verdict('ignore', false, 'local_rejection');
const UNKNOWN = verdict('failure', false, 'unknown');

/**
 * What a PostgreSQL error means (node-postgres `DatabaseError` or TypeORM `QueryFailedError`):
 * a sick or overloaded server trips the breaker, a statement timeout counts as slow, contention
 * (serialization failures, deadlocks) retries without counting, and errors of the statement
 * itself (constraints, syntax, data) are the caller's and are ignored. Results are shared frozen
 * objects: classifying allocates nothing. The table is in docs/resilience.md.
 */
export function classifyPgError(error: unknown): PgErrorClassification {
  const state = sqlStateOf(error);
  if (state !== undefined) {
    if (state === '57014') {
      const message = error instanceof Error ? error.message : '';
      return message.includes('statement timeout') ? STATEMENT_TIMEOUT : QUERY_CANCELED;
    }
    return BY_STATE[state] ?? ofClass(state);
  }
  if (isResilienceError(error, 'TIMEOUT')) return CLIENT_TIMEOUT;
  if (isResilienceError(error, 'BULKHEAD_FULL', 'RATE_LIMITED', 'ABORTED')) return LOCAL_REJECTION;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK.has(code)) return NETWORK.get(code) as PgErrorClassification;
  if (error instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)) {
    return CONNECTION_LOST;
  }
  return UNKNOWN;
}
