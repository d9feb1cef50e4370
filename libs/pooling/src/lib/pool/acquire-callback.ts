import type { PoolClient } from 'pg';

/** Gives a borrowed client back; pass an error (or `true`) to close it instead of reusing it. */
export type ReleaseFunction = (error?: Error | boolean) => void;

/** node-postgres' `pool.connect(callback)` shape, which TypeORM's PostgresDriver calls. */
export type AcquireCallback = (
  error: Error | undefined,
  client: PoolClient | undefined,
  release: ReleaseFunction,
) => void;
