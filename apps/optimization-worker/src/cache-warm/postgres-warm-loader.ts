import type { BatchLoader, PostgresWarmSource } from '@hotpath/cache';
import type { Pool } from 'pg';

/**
 * Loads a batch with the source's query, `$1` bound to the keys as `text[]`, in a READ ONLY
 * transaction under a `statement_timeout`: a warm source can neither write nor run away. Rows answer
 * keys by their `key` column with their `value` column; a key without a row (or with a null value) is missing.
 */
export function postgresWarmLoader(pool: Pool, source: PostgresWarmSource): BatchLoader<unknown> {
  return async (keys) => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN READ ONLY');
      // SET LOCAL takes no parameter; the value is an integer from the validated policy.
      await client.query(`SET LOCAL statement_timeout = ${Math.trunc(source.timeoutMs)}`);
      const { rows } = await client.query<{ key: unknown; value: unknown }>(source.query, [keys]);
      await client.query('COMMIT');
      const values = new Map<string, unknown>();
      for (const row of rows) {
        if (row.key != null && row.value != null) values.set(String(row.key), row.value);
      }
      return values;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
