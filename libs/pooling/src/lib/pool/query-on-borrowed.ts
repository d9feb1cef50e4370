import type { PoolClient, QueryResult, QueryResultRow } from 'pg';

/**
 * One statement on a connection borrowed for it. Unlike pg-pool, an SQL error (one with a
 * SQLSTATE, such as a statement timeout) gives the connection back; only a connection-level error
 * closes it.
 */
export async function queryOnBorrowed<R extends QueryResultRow>(
  borrow: () => Promise<PoolClient>,
  text: string,
  values?: unknown[],
): Promise<QueryResult<R>> {
  const client = await borrow();
  try {
    const result = await client.query<R>(text, values);
    client.release();
    return result;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    client.release(typeof code === 'string' && code.length === 5 ? undefined : (error as Error));
    throw error;
  }
}
