import { PoolError } from '../errors/pool.error';
import { PGBOUNCER_DEFAULTS } from './pgbouncer-defaults';
import type { PgBouncerConfigOptions } from './pgbouncer-config-options';
import type { PgBouncerDatabase } from './pgbouncer-database';
import type { PgBouncerSettings } from './pgbouncer-settings';

const IDENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/;
const HOST = /^[A-Za-z0-9_.:-]{1,253}$/;
/** Values go into an ini file: one line, none of the characters that start a comment or a quote. */
const SAFE_TEXT = /^[^\n\r;#'"]*$/;

function invalid(message: string): never {
  throw new PoolError('INVALID_OPTIONS', `pgbouncer.ini: ${message}`);
}

function databaseLine(db: PgBouncerDatabase): string {
  if (!IDENT.test(db.name)) invalid(`database name "${db.name}" must match ${IDENT.source}`);
  if (!HOST.test(db.host))
    invalid(`host "${db.host}" of database "${db.name}" is not a host name or address`);
  const dbname = db.dbname ?? db.name;
  if (!IDENT.test(dbname)) invalid(`dbname "${dbname}" must match ${IDENT.source}`);
  const parts = [`host=${db.host}`, `port=${whole('port', db.port ?? 5432, 1)}`, `dbname=${dbname}`];
  if (db.poolSize !== undefined)
    parts.push(`pool_size=${whole(`pool_size of "${db.name}"`, db.poolSize, 1)}`);
  const sets: string[] = [];
  const statementMs = whole('statementTimeoutMs', db.statementTimeoutMs ?? 30_000, 0);
  const idleInTxMs = whole(
    'idleInTransactionSessionTimeoutMs',
    db.idleInTransactionSessionTimeoutMs ?? 60_000,
    0,
  );
  if (statementMs > 0) sets.push(`set_config($$statement_timeout$$, $$${statementMs}$$, false)`);
  if (idleInTxMs > 0)
    sets.push(`set_config($$idle_in_transaction_session_timeout$$, $$${idleInTxMs}$$, false)`);
  // One statement (no semicolon) and dollar quotes (no ' inside the quoted value): PgBouncer runs
  // it on every new server connection.
  if (sets.length > 0) parts.push(`connect_query='SELECT ${sets.join(', ')}'`);
  return `${db.name} = ${parts.join(' ')}`;
}

function whole(field: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    invalid(`${field} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/**
 * Renders a pgbouncer.ini: `[databases]` from the given servers (each with a connect_query that
 * sets the session timeouts ManagedPool would have sent in its startup packet), `[pgbouncer]` from
 * {@link PGBOUNCER_DEFAULTS} (transaction pooling, the scaling guide's limits and timeouts) with
 * the overrides applied. Rejects, with INVALID_OPTIONS, names and values that would break the
 * file and limits that contradict each other (a pool larger than the database cap).
 */
export function renderPgBouncerConfig(options: PgBouncerConfigOptions): string {
  if (options.databases.length === 0) invalid('at least one database is needed');
  const settings: PgBouncerSettings = { ...PGBOUNCER_DEFAULTS, ...options.settings };
  for (const [key, value] of Object.entries(settings) as [keyof PgBouncerSettings, unknown][]) {
    if (typeof value === 'number')
      whole(key, value, key === 'listen_port' || key === 'default_pool_size' ? 1 : 0);
    else if (typeof value !== 'string' || !SAFE_TEXT.test(value) || value === '')
      invalid(`${key} = "${String(value)}" is not a valid value`);
  }
  if (!['session', 'transaction', 'statement'].includes(settings.pool_mode))
    invalid(`pool_mode "${settings.pool_mode}" is unknown`);
  const cap = settings.max_db_connections;
  if (cap > 0 && settings.default_pool_size + settings.reserve_pool_size > cap) {
    invalid(
      `default_pool_size (${settings.default_pool_size}) + reserve_pool_size (${settings.reserve_pool_size}) is above max_db_connections (${cap})`,
    );
  }
  const names = new Set<string>();
  const lines = options.databases.map((db) => {
    if (names.has(db.name)) invalid(`database "${db.name}" is listed twice`);
    names.add(db.name);
    if (cap > 0 && db.poolSize !== undefined && db.poolSize > cap)
      invalid(`pool_size of "${db.name}" (${db.poolSize}) is above max_db_connections (${cap})`);
    return databaseLine(db);
  });
  return [
    `;; pgbouncer.ini rendered by @hotpath/pooling (${settings.pool_mode} pooling)`,
    '[databases]',
    ...lines,
    '',
    '[pgbouncer]',
    ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`),
    '',
  ].join('\n');
}
