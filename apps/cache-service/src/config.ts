import { type Env, loadServiceConfig, type ServiceConfig } from '@hotpath/platform';

export const SERVICE_NAME = 'cache-service';

/** The cache-service's typed config; main.ts is the only caller that passes `process.env`. */
export function loadCacheServiceConfig(env: Env): ServiceConfig {
  return loadServiceConfig(
    { serviceName: SERVICE_NAME, portVariable: 'CACHE_SERVICE_PORT', defaultPort: 3001 },
    env,
  );
}
