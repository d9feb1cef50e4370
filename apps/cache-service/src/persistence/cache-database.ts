import type { DatabaseOptions, ServiceConfig } from '@hotpath/platform';
import { CachePolicyEntity } from './cache-policy.entity';
import { CreateCachePolicies1763800000000 } from './migrations/1763800000000-create-cache-policies';

/** The cache-service's schema, entities and migrations (also used by `npm run migrate`). */
export function cacheDatabaseOptions(config: ServiceConfig): DatabaseOptions {
  return {
    url: config.database.url,
    schema: 'cache',
    applicationName: `${config.serviceName}:${config.instanceId}`,
    entities: [CachePolicyEntity],
    migrations: [CreateCachePolicies1763800000000],
    poolMax: 5,
  };
}
