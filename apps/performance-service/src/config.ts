import { ConfigError, type Env, loadServiceConfig, type ServiceConfig } from '@hotpath/platform';

export const SERVICE_NAME = 'performance-service';

/** Its name and port variable, for `loadServiceConfig`. */
export const PERFORMANCE_SERVICE_SPEC = {
  serviceName: SERVICE_NAME,
  portVariable: 'PERFORMANCE_SERVICE_PORT',
  defaultPort: 3002,
} as const;

/** The performance-service's typed config; main.ts is the only caller that passes `process.env`. */
export function loadPerformanceServiceConfig(env: Env): ServiceConfig {
  const config = loadServiceConfig(PERFORMANCE_SERVICE_SPEC, env);
  // It calls the cache-service over the transport, which checks a key like HTTP does.
  if (!config.auth.serviceApiKey) {
    throw new ConfigError(
      'HOTPATH_SERVICE_API_KEY: is required (the key the performance-service calls the cache-service with)',
    );
  }
  return config;
}
