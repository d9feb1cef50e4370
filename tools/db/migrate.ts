// `npm run migrate`: applies the pending migrations of every service schema, then exits.
// Safe to run while services start: each schema's migrations run under an advisory lock.
import { loadServiceConfig, postgresDataSourceOptions, runMigrations } from '@hotpath/platform';
import { DataSource } from 'typeorm';
import { loadCacheServiceConfig } from '../../apps/cache-service/src/config';
import { cacheDatabaseOptions } from '../../apps/cache-service/src/persistence/cache-database';
import { loadWorkerConfig } from '../../apps/optimization-worker/src/config';
import { perfWriterDatabaseOptions } from '../../apps/optimization-worker/src/persistence/perf-writer-database';
import { PERFORMANCE_SERVICE_SPEC } from '../../apps/performance-service/src/config';
import { perfDatabaseOptions } from '../../apps/performance-service/src/persistence/perf-database';

async function main(): Promise<void> {
  // In order: the worker's migration adds columns to the performance-service's tables. The
  // performance-service's own config would also ask for its service key, which migrating needs not.
  const schemas = [
    cacheDatabaseOptions(loadCacheServiceConfig(process.env)),
    perfDatabaseOptions(loadServiceConfig(PERFORMANCE_SERVICE_SPEC, process.env)),
    perfWriterDatabaseOptions(loadWorkerConfig(process.env)),
  ];
  for (const options of schemas) {
    const dataSource = await new DataSource(postgresDataSourceOptions(options)).initialize();
    try {
      const applied = await runMigrations(dataSource, options.schema);
      console.log(
        `${options.schema}: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'up to date'}`,
      );
    } finally {
      await dataSource.destroy();
    }
  }
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
