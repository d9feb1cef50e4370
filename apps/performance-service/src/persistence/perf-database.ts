import type { DatabaseOptions, ServiceConfig } from '@hotpath/platform';
import { PooledDatabase } from '@hotpath/pooling';
import { CreatePerfSchema1763800000000 } from './migrations/1763800000000-create-perf-schema';
import { RecommendationEntity } from './recommendation.entity';

export const PERF_SCHEMA = 'perf';

/** The performance-service's schema, entities and migrations (also used by `npm run migrate`). */
export function perfDatabaseOptions(config: ServiceConfig): DatabaseOptions {
  return {
    url: config.database.url,
    schema: PERF_SCHEMA,
    applicationName: `${config.serviceName}:${config.instanceId}`,
    entities: [RecommendationEntity],
    migrations: [CreatePerfSchema1763800000000],
    poolMax: 10,
  };
}

/** The schema's DataSource behind managed pools (primary + `DATABASE_REPLICA_URLS`). */
export function pooledPerfDatabase(config: ServiceConfig): {
  database: PooledDatabase;
  options: DatabaseOptions;
} {
  const options = perfDatabaseOptions(config);
  const database = PooledDatabase.fromConfig(config, PERF_SCHEMA);
  return { database, options: { ...options, connect: database.connect, readiness: database.readiness() } };
}
