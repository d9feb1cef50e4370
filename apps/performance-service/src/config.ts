import { ConfigError, type Env, loadServiceConfig, type ServiceConfig } from '@hotpath/platform';

export const SERVICE_NAME = 'performance-service';

/** The performance-service's typed config; main.ts is the only caller that passes `process.env`. */
export function loadPerformanceServiceConfig(env: Env): ServiceConfig {
  const config = loadServiceConfig(
    { serviceName: SERVICE_NAME, portVariable: 'PERFORMANCE_SERVICE_PORT', defaultPort: 3002 },
    env,
  );
  // It calls the cache-service over the transport, which checks a key like HTTP does.
  if (!config.auth.serviceApiKey) {
    throw new ConfigError(
      'HOTPATH_SERVICE_API_KEY: is required (the key the performance-service calls the cache-service with)',
    );
  }
  return config;
}
