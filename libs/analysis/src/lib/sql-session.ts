/**
 * The one connection an analysis runs on. It must be a session of its own (a `pg.Client`, or a
 * pool client held for the whole run): prepared statements and HypoPG's hypothetical indexes live
 * in the session, so a transaction-pooling PgBouncer in between would break the analysis.
 */
export interface SqlSession {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** Quotes an SQL identifier (table, column, index, prepared statement name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
