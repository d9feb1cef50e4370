import { type Env, envPositiveInt, envUrlList, parseEnv } from '@hotpath/platform';
import { z } from 'zod';

/** What the `hotpath.optimization` jobs run with, read once at start. */
export interface OptimizationSettings {
  /** `ANALYSIS_DATABASE_URLS` (default: `DATABASE_URL`): a query-analysis scope names one by database name. */
  analysisDatabaseUrls: string[];
  /** `OPTIMIZATION_CONCURRENCY`: jobs at once per worker process (one analysis per database regardless). */
  concurrency: number;
  /** `ANALYSIS_STATEMENT_TIMEOUT_MS`: the statement_timeout of every EXPLAIN. */
  statementTimeoutMs: number;
  /** `ANALYSIS_TOP_STATEMENTS`: how many statements of pg_stat_statements to analyse. */
  topStatements: number;
}

const schema = z.object({
  ANALYSIS_DATABASE_URLS: envUrlList(['postgres', 'postgresql']),
  OPTIMIZATION_CONCURRENCY: envPositiveInt(2),
  ANALYSIS_STATEMENT_TIMEOUT_MS: envPositiveInt(5000),
  ANALYSIS_TOP_STATEMENTS: envPositiveInt(50),
});

export function loadOptimizationSettings(env: Env, databaseUrl: string): OptimizationSettings {
  const parsed = parseEnv(schema, env);
  return {
    analysisDatabaseUrls: parsed.ANALYSIS_DATABASE_URLS.length > 0 ? parsed.ANALYSIS_DATABASE_URLS : [databaseUrl],
    concurrency: parsed.OPTIMIZATION_CONCURRENCY,
    statementTimeoutMs: parsed.ANALYSIS_STATEMENT_TIMEOUT_MS,
    topStatements: parsed.ANALYSIS_TOP_STATEMENTS,
  };
}

/** The database name of a PostgreSQL URL: what a query-analysis job's `scope` names. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}
