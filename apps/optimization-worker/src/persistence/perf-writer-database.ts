import type { DatabaseOptions, ServiceConfig } from '@hotpath/platform';
import { OptimizationWorkerColumns1763900000000 } from './migrations/1763900000000-optimization-worker-columns';

/** The performance-service's schema, which the worker writes runs and recommendations to. */
export const PERF_SCHEMA = 'perf';

/**
 * The worker's DataSource on `DATABASE_URL`'s `perf` schema: no entities (plain parameterised SQL
 * in the stores), the worker's own migrations in their own table.
 */
export function perfWriterDatabaseOptions(config: ServiceConfig): DatabaseOptions {
  return {
    url: config.database.url,
    schema: PERF_SCHEMA,
    applicationName: `${config.serviceName}:${config.instanceId}:perf`,
    entities: [],
    migrations: [OptimizationWorkerColumns1763900000000],
    poolMax: 4,
    connect: (options) => ({ ...options, migrationsTableName: 'optimization_worker_migrations' }),
  };
}
