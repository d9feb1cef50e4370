import { AnalysisError, AnalysisErrorCode } from '../analysis.error';
import type { SqlSession } from '../sql-session';
import type { TopStatement } from './top-statement';

/**
 * The statements of the current database that cost the most in total, from `pg_stat_statements`.
 * Only top-level SELECT/UPDATE/DELETE/WITH statements are kept (an INSERT … VALUES gains nothing
 * from an index), and statements on the catalogs (monitoring, this analysis's own reads) are left out.
 */
export async function readTopStatements(session: SqlSession, limit: number): Promise<TopStatement[]> {
  const installed = await session.query(
    "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'",
  );
  if (installed.rows.length === 0) {
    throw new AnalysisError(
      AnalysisErrorCode.NoStatementStatistics,
      'pg_stat_statements is not installed in this database (CREATE EXTENSION pg_stat_statements)',
    );
  }
  const { rows } = await session.query<{
    queryid: string;
    query: string;
    calls: string;
    total_exec_time: number;
    mean_exec_time: number;
    rows: string;
  }>(
    `SELECT s.queryid::text AS queryid, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.rows
       FROM pg_stat_statements s
      WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND s.toplevel
        AND s.query ~* '^\\s*(with|select|update|delete)\\M'
        AND s.query !~* '\\m(pg_catalog|information_schema|pg_stat_statements|hypopg)'
        AND s.query !~* '\\mpg_(class|index|stat|stats|attribute|namespace|settings|database|extension|am|locks|proc|type|roles|tables|indexes|constraint|views)\\M'
      ORDER BY s.total_exec_time DESC
      LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    queryId: row.queryid,
    query: row.query,
    calls: Number(row.calls),
    totalTimeMs: row.total_exec_time,
    meanTimeMs: row.mean_exec_time,
    rows: Number(row.rows),
  }));
}
