import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker's additions to the performance-service's `perf` schema (which that service creates
 * and owns, see docs/optimization.md): run timings and attempts on `optimization_runs`, and the
 * state and recurrence of a recommendation on `recommendations`. Tracked in its own migrations
 * table (`perf.optimization_worker_migrations`) under the same advisory lock as the schema's own,
 * and additive only (`ADD COLUMN IF NOT EXISTS`): the performance-service's entity ignores them.
 */
export class OptimizationWorkerColumns1763900000000 implements MigrationInterface {
  name = 'OptimizationWorkerColumns1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    const [{ ready }] = (await runner.query(
      "SELECT to_regclass('perf.optimization_runs') IS NOT NULL AND to_regclass('perf.recommendations') IS NOT NULL AS ready",
    )) as Array<{ ready: boolean }>;
    if (!ready) {
      throw new Error(
        'the perf schema is not migrated yet: run `npm run migrate` or start the performance-service first',
      );
    }
    await runner.query(`
      ALTER TABLE perf.optimization_runs
        ADD COLUMN IF NOT EXISTS queue       text,
        ADD COLUMN IF NOT EXISTS started_at  timestamptz,
        ADD COLUMN IF NOT EXISTS duration_ms integer,
        ADD COLUMN IF NOT EXISTS attempts    integer NOT NULL DEFAULT 0`);
    await runner.query(`
      ALTER TABLE perf.recommendations
        ADD COLUMN IF NOT EXISTS state        text        NOT NULL DEFAULT 'open'
          CHECK (state IN ('open', 'dismissed', 'applied')),
        ADD COLUMN IF NOT EXISTS updated_at   timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN IF NOT EXISTS last_seen_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN IF NOT EXISTS occurrences  integer     NOT NULL DEFAULT 1`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE perf.recommendations DROP COLUMN state, DROP COLUMN updated_at, DROP COLUMN last_seen_at, DROP COLUMN occurrences',
    );
    await runner.query(
      'ALTER TABLE perf.optimization_runs DROP COLUMN queue, DROP COLUMN started_at, DROP COLUMN duration_ms, DROP COLUMN attempts',
    );
  }
}
