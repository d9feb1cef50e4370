import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { ResilienceError } from '../errors/resilience.error';
import { classifyPgError } from './classify-pg-error';
import { isRetryablePgError } from './is-retryable-pg-error';
import { pgBreakerClassifier } from './pg-breaker-classifier';

/** A node-postgres error as the driver builds it from the server's ErrorResponse. */
function databaseError(code: string, message = `error ${code}`): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function networkError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('classifyPgError', () => {
  it.each<[string, unknown, string, boolean, string]>([
    ['too_many_connections', databaseError('53300'), 'failure', false, 'too_many_connections'],
    ['admin_shutdown', databaseError('57P01'), 'failure', true, 'admin_shutdown'],
    ['cannot_connect_now', databaseError('57P03'), 'failure', true, 'cannot_connect_now'],
    ['crash_shutdown', databaseError('57P02'), 'failure', true, 'crash_shutdown'],
    ['connection_failure (08006)', databaseError('08006'), 'failure', true, 'connection_exception'],
    ['sqlclient_unable_to_establish_sqlconnection (08001)', databaseError('08001'), 'failure', true, 'connection_exception'],
    ['read_only_sql_transaction after a failover', databaseError('25006'), 'failure', true, 'read_only_sql_transaction'],
    ['statement timeout', databaseError('57014', 'canceling statement due to statement timeout'), 'slow', false, 'statement_timeout'],
    ['query canceled by a user', databaseError('57014', 'canceling statement due to user request'), 'ignore', false, 'query_canceled'],
    ['serialization_failure', databaseError('40001'), 'ignore', true, 'serialization_failure'],
    ['deadlock_detected', databaseError('40P01'), 'ignore', true, 'deadlock_detected'],
    ['lock_not_available', databaseError('55P03'), 'ignore', true, 'lock_not_available'],
    ['unique_violation', databaseError('23505'), 'ignore', false, 'integrity_constraint_violation'],
    ['foreign_key_violation', databaseError('23503'), 'ignore', false, 'integrity_constraint_violation'],
    ['not_null_violation', databaseError('23502'), 'ignore', false, 'integrity_constraint_violation'],
    ['disk_full', databaseError('53100'), 'failure', false, 'insufficient_resources'],
    ['internal_error', databaseError('XX000'), 'failure', false, 'internal_error'],
    ['syntax_error: the statement, not the server', databaseError('42601'), 'ignore', false, 'statement_error'],
    ['TypeORM QueryFailedError around a deadlock', new QueryFailedError('UPDATE t', [], databaseError('40P01')), 'ignore', true, 'deadlock_detected'],
    ['TypeORM QueryFailedError around too_many_connections', new QueryFailedError('SELECT 1', [], databaseError('53300')), 'failure', false, 'too_many_connections'],
    ['a wrapper with only driverError.code', { driverError: databaseError('23505') }, 'ignore', false, 'integrity_constraint_violation'],
    ['connection refused', networkError('ECONNREFUSED'), 'failure', true, 'network_error'],
    ['connection reset', networkError('ECONNRESET'), 'failure', true, 'network_error'],
    ['connection terminated by the server', new Error('Connection terminated unexpectedly'), 'failure', true, 'connection_lost'],
    ['our own timeout', new ResilienceError('TIMEOUT', 'query timed out'), 'failure', false, 'client_timeout'],
    ['our own bulkhead rejection', new ResilienceError('BULKHEAD_FULL', 'full'), 'ignore', false, 'local_rejection'],
    ['anything else', new TypeError('x is undefined'), 'failure', false, 'unknown'],
  ])('%s', (_title, error, verdict, retryable, reason) => {
    expect(classifyPgError(error)).toMatchObject({ verdict, retryable, reason });
    expect(pgBreakerClassifier(error)).toBe(verdict);
    expect(isRetryablePgError(error)).toBe(retryable);
  });

  it('answers shared frozen objects (no allocation per error)', () => {
    expect(classifyPgError(databaseError('23505'))).toBe(classifyPgError(databaseError('23505')));
    expect(Object.isFrozen(classifyPgError(databaseError('53300')))).toBe(true);
  });
});
