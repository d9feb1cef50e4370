import type { SqlSession } from '../sql-session';

/** An existing btree/other index of a table, by its key columns (expressions are `null`). */
export interface ExistingIndex {
  schema: string;
  name: string;
  table: string;
  columns: Array<string | null>;
  method: string;
  unique: boolean;
  primary: boolean;
  partial: boolean;
  /** Backs a constraint (primary key, unique, exclusion): it cannot simply be dropped. */
  constraint: boolean;
  scans: number;
  sizeBytes: number;
}

/** What the catalog knows of a table: columns with their estimated distinct values, indexes, activity. */
export interface TableFacts {
  schema: string;
  table: string;
  rows: number;
  /** Estimated distinct values per column (from `pg_stats`; 0 when the table was never analysed). */
  distinct: Map<string, number>;
  indexes: ExistingIndex[];
  /** Rows inserted, updated and deleted since the statistics were reset (`pg_stat_user_tables`). */
  writes: number;
  /** Sequential and index scans since the statistics were reset. */
  reads: number;
}

export async function readTableFacts(session: SqlSession, schema: string, table: string): Promise<TableFacts> {
  const columns = await session.query<{ attname: string; n_distinct: number | null; reltuples: number }>(
    `SELECT a.attname, s.n_distinct, greatest(c.reltuples, 0) AS reltuples
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema, table],
  );
  const rows = columns.rows[0]?.reltuples ?? 0;
  const distinct = new Map<string, number>();
  for (const column of columns.rows) {
    const n = column.n_distinct ?? 0;
    // pg_stats: a positive n_distinct is a count, a negative one a fraction of the rows.
    distinct.set(column.attname, n >= 0 ? n : -n * rows);
  }
  const activity = await session.query<{ writes: string; reads: string }>(
    `SELECT n_tup_ins + n_tup_upd + n_tup_del AS writes, seq_scan + coalesce(idx_scan, 0) AS reads
       FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`,
    [schema, table],
  );
  return {
    schema,
    table,
    rows,
    distinct,
    indexes: await readIndexes(session, { schema, table }),
    writes: Number(activity.rows[0]?.writes ?? 0),
    reads: Number(activity.rows[0]?.reads ?? 0),
  };
}

/** The indexes of one table, or of every user schema (or of the given schemas). */
export async function readIndexes(
  session: SqlSession,
  where: { schema: string; table: string } | { schemas?: string[] },
): Promise<ExistingIndex[]> {
  const byTable = 'table' in where;
  const { rows } = await session.query<{
    schema: string;
    name: string;
    table: string;
    columns: Array<string | null>;
    method: string;
    unique: boolean;
    primary: boolean;
    partial: boolean;
    constraint: boolean;
    scans: string;
    size_bytes: string;
  }>(
    `SELECT n.nspname AS schema, ic.relname AS name, tc.relname AS "table",
            array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.ord)::text[] AS columns,
            am.amname AS method, i.indisunique AS unique, i.indisprimary AS primary,
            i.indpred IS NOT NULL AS partial,
            EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid) AS "constraint",
            coalesce(s.idx_scan, 0) AS scans, pg_relation_size(i.indexrelid) AS size_bytes
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
       JOIN pg_am am ON am.oid = ic.relam
       LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        AND ${byTable ? 'n.nspname = $1 AND tc.relname = $2' : '($1::text[] IS NULL OR n.nspname = ANY ($1))'}
      ORDER BY n.nspname, tc.relname, ic.relname`,
    byTable ? [where.schema, where.table] : [where.schemas ?? null],
  );
  return rows.map((row) => ({ ...row, scans: Number(row.scans), sizeBytes: Number(row.size_bytes) }));
}
