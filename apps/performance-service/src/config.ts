import { type Env, loadServiceConfig, type ServiceConfig } from '@hotpath/platform';

export const SERVICE_NAME = 'performance-service';

/** The performance-service's typed config; main.ts is the only caller that passes `process.env`. */
export function loadPerformanceServiceConfig(env: Env): ServiceConfig {
  return loadServiceConfig(
    { serviceName: SERVICE_NAME, portVariable: 'PERFORMANCE_SERVICE_PORT', defaultPort: 3002 },
    env,
  );
}
