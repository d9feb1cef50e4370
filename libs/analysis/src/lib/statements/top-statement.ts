/** One normalised statement of `pg_stat_statements` (constants replaced by `$n`). */
export interface TopStatement {
  queryId: string;
  query: string;
  calls: number;
  totalTimeMs: number;
  meanTimeMs: number;
  rows: number;
}
