import { z } from 'zod';

/** A source name: what a warm job's `source` names (`[a-z0-9][a-z0-9._-]{0,63}`). */
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** What every kind of warm source has: how it is named, batched and paced. */
const common = {
  /** The name a warm job's `source` uses for it; default its kind (`postgres`, `http`). */
  name: z.string().regex(SOURCE_NAME, 'must match [a-z0-9][a-z0-9._-]{0,63}').optional(),
  /** Keys per call to the source (one `getOrLoadMany` batch). */
  batchSize: z.number().int().min(1).max(1000).default(100),
  /** Calls per second to the source across every worker (a fleet-wide limit in Redis). */
  callsPerSecond: z.number().gt(0).max(10_000).default(10),
  /** A call that takes longer fails (PostgreSQL's `statement_timeout`, the HTTP request's deadline). */
  timeoutMs: z.number().int().min(10).max(60_000).default(5_000),
};

/**
 * A PostgreSQL query that loads a batch of keys: `$1` is the keys as a `text[]`, and each row
 * answers one key in columns `key` and `value` (jsonb, json or any type; keys without a row are
 * missing). It runs parameterised in a `READ ONLY` transaction with a statement timeout, on the
 * worker's `DATABASE_URL`, e.g. `SELECT id AS key, to_jsonb(u) AS value FROM users u WHERE id = ANY($1)`.
 */
export const postgresWarmSourceSchema = z
  .object({
    kind: z.literal('postgres'),
    query: z
      .string()
      .min(1)
      .max(10_000)
      .refine((query) => /\$1(?!\d)/.test(query), 'must use $1, the array of keys')
      .refine((query) => !/\$([2-9]|1\d)/.test(query), 'must use no parameter but $1'),
    ...common,
  })
  .strict();

/**
 * An HTTP endpoint that loads a batch of keys: `POST url` with `{ namespace, keys }` answers 200
 * `{ values: { <key>: <value> } }`; keys left out are missing, any other status fails the batch.
 */
export const httpWarmSourceSchema = z
  .object({
    kind: z.literal('http'),
    url: z
      .string()
      .url()
      .refine((url) => /^https?:\/\//.test(url), 'must be an http or https URL'),
    ...common,
  })
  .strict();

/** Where the optimization-worker loads a namespace's keys from when it warms the namespace. */
export const warmSourceSchema = z.discriminatedUnion('kind', [
  postgresWarmSourceSchema,
  httpWarmSourceSchema,
]);

export type WarmSource = z.output<typeof warmSourceSchema>;
export type PostgresWarmSource = z.output<typeof postgresWarmSourceSchema>;
export type HttpWarmSource = z.output<typeof httpWarmSourceSchema>;

/** The name a warm job's `source` uses for this source. */
export function warmSourceName(source: WarmSource): string {
  return source.name ?? source.kind;
}
