import type { PostgresWriteBehindSink } from '../policy/write-behind-policy';
import { SQL_IDENTIFIER, SQL_TABLE } from '../policy/write-behind-policy';
import { CacheError } from '../errors/cache.error';
import type { WriteBehindEntry, WriteBehindSink } from './write-behind-sink';

/** The part of `pg`'s Pool (or Client) the sink uses. */
export interface SqlQueryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/**
 * Flushes a batch as ONE statement, whatever its size: the keys, values and versions go as three
 * array parameters unpacked by `UNNEST`, and the upsert applies a row only over an older version:
 *
 *   INSERT INTO "t" ("k", "v", "ver") SELECT * FROM UNNEST($1::text[], $2::jsonb[], $3::bigint[])
 *   ON CONFLICT ("k") DO UPDATE SET "v" = EXCLUDED."v", "ver" = EXCLUDED."ver"
 *   WHERE "t"."ver" < EXCLUDED."ver"
 *
 * so a batch written twice, or an older batch landing after a newer one, changes nothing. The key
 * column needs a unique constraint; the value column takes jsonb (or anything jsonb is assigned
 * to, such as text or json) and must be nullable, because a delete is a tombstone: the value NULL
 * with the delete's version, so that a late older write cannot bring the row back. Identifiers
 * are checked and double-quoted; values are never part of the statement's text.
 */
export class PostgresWriteBehindSinkWriter implements WriteBehindSink {
  private readonly statement: string;

  constructor(
    private readonly db: SqlQueryable,
    spec: Pick<PostgresWriteBehindSink, 'table' | 'keyColumn' | 'valueColumn' | 'versionColumn'>,
  ) {
    this.statement = upsertStatement(spec);
  }

  async write(_namespace: string, entries: WriteBehindEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One row per key: when a batch holds a key twice (it cannot from one hash, but a caller might
    // pass it), ON CONFLICT would refuse to touch a row twice in one statement; keep the newest.
    const newest = new Map<string, WriteBehindEntry>();
    for (const entry of entries) {
      const seen = newest.get(entry.key);
      if (!seen || seen.version < entry.version) newest.set(entry.key, entry);
    }
    const rows = [...newest.values()];
    await this.db.query(this.statement, [
      rows.map((entry) => entry.key),
      rows.map((entry) =>
        entry.value === null || entry.value === undefined ? null : JSON.stringify(entry.value),
      ),
      rows.map((entry) => String(entry.version)),
    ]);
  }
}

/** The upsert for a sink, from checked, quoted identifiers (see the class comment). */
export function upsertStatement(
  spec: Pick<PostgresWriteBehindSink, 'table' | 'keyColumn' | 'valueColumn' | 'versionColumn'>,
): string {
  if (!SQL_TABLE.test(spec.table)) throw invalid('table', spec.table);
  for (const column of ['keyColumn', 'valueColumn', 'versionColumn'] as const) {
    if (!SQL_IDENTIFIER.test(spec[column])) throw invalid(column, spec[column]);
  }
  const table = spec.table.split('.').map(quote).join('.');
  const [key, value, version] = [spec.keyColumn, spec.valueColumn, spec.versionColumn].map(quote);
  // The conflict target's table is referred to by its alias, so a schema-qualified name works too.
  return (
    `INSERT INTO ${table} AS stored (${key}, ${value}, ${version}) ` +
    `SELECT * FROM UNNEST($1::text[], $2::jsonb[], $3::bigint[]) ` +
    `ON CONFLICT (${key}) DO UPDATE SET ${value} = EXCLUDED.${value}, ${version} = EXCLUDED.${version} ` +
    `WHERE stored.${version} < EXCLUDED.${version}`
  );
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function invalid(field: string, value: string): CacheError {
  return new CacheError('INVALID_OPTIONS', `write-behind sink ${field} "${value}" is not a SQL identifier`);
}
