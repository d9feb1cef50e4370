import { type DataSource, MigrationExecutor } from 'typeorm';

/**
 * Runs the pending migrations of one service schema, all in ONE transaction that first takes a
 * transaction-scoped advisory lock (`pg_advisory_xact_lock`). Safe to call from every instance at
 * once — the first migrates, the others wait and then find nothing to do — and safe behind
 * PgBouncer's transaction pooling, which keeps a transaction on one server connection (a
 * session-level lock would not be). All or nothing: a failing migration rolls back every one of
 * this call. Migrations must therefore be transactional (no `CREATE INDEX CONCURRENTLY`).
 * Returns the names of the migrations this call applied.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hotpath:migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    const executor = new MigrationExecutor(dataSource, runner);
    // Our transaction holds the lock; TypeORM must not open (and commit) transactions of its own.
    executor.transaction = 'none';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied.map((migration) => migration.name);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
