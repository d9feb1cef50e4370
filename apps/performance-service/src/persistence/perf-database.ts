import type { DatabaseOptions, ServiceConfig } from '@hotpath/platform';
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
