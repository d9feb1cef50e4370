import { z } from 'zod';

/**
 * A SQL identifier the PostgreSQL sink may name: letters, digits and `_`, not starting with a digit,
 * at most 63 bytes (PostgreSQL's NAMEDATALEN). It is still quoted when used; the check only keeps
 * a policy from naming something a person would not recognise as a column.
 */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** A table, optionally schema-qualified (`schema.table`). */
export const SQL_TABLE = /^([A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const identifier = z.string().regex(SQL_IDENTIFIER, 'must be a SQL identifier ([A-Za-z_][A-Za-z0-9_]{0,62})');

/**
 * Flushed as an idempotent upsert by version: a row is written only when its stored version is
 * lower, so a retried or reordered batch never puts an older value over a newer one. A delete is
 * a tombstone (the value column set to NULL with the delete's version), so a late older write
 * cannot bring the row back. `url` defaults to the worker's `DATABASE_URL`.
 */
export const postgresWriteBehindSinkSchema = z
  .object({
    kind: z.literal('postgres'),
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    table: z.string().regex(SQL_TABLE, 'must be a table name, optionally schema-qualified'),
    keyColumn: identifier,
    valueColumn: identifier,
    versionColumn: identifier,
  })
  .strict();

/**
 * Flushed as `POST url` with `{ namespace, entries: [{ key, version, value }] }` (value null: a
 * delete) and an `Idempotency-Key` header that is the same for the same batch; any 2xx confirms
 * it. The receiver must apply an entry only over an older version.
 */
export const httpWriteBehindSinkSchema = z
  .object({
    kind: z.literal('http'),
    url: z.string().regex(/^https?:\/\//, 'must be an http(s):// URL'),
    /** One request's deadline (default 5 s). */
    timeoutMs: z.number().int().min(10).max(60_000).default(5_000),
  })
  .strict();

export const writeBehindSinkSchema = z.discriminatedUnion('kind', [
  postgresWriteBehindSinkSchema,
  httpWriteBehindSinkSchema,
]);

/** A write-behind namespace's `writeBehind`: where its writes go, and how they are batched. */
export const writeBehindPolicySchema = z
  .object({
    sink: writeBehindSinkSchema,
    /** Entries per flush; reaching it makes the namespace's flush due at once (default 500). */
    batchSize: z.number().int().min(1).max(10_000).default(500),
    /** A write waits at most about this long before its flush starts (default 1 s). */
    flushIntervalMs: z.number().int().min(10).max(3_600_000).default(1_000),
    /**
     * Keys waiting to be flushed at most; past it a write of a key not already waiting is refused
     * (503 with Retry-After) rather than filling Redis while the sink or the worker is down.
     */
    maxPending: z.number().int().min(1).max(10_000_000).default(100_000),
  })
  .strict();

export type PostgresWriteBehindSink = z.output<typeof postgresWriteBehindSinkSchema>;
export type HttpWriteBehindSink = z.output<typeof httpWriteBehindSinkSchema>;
export type WriteBehindSinkSpec = z.output<typeof writeBehindSinkSchema>;
export type WriteBehindPolicy = z.output<typeof writeBehindPolicySchema>;
export type WriteBehindPolicyInput = z.input<typeof writeBehindPolicySchema>;
