import { type Env, loadServiceConfig, type ServiceConfig } from '@hotpath/platform';

export const SERVICE_NAME = 'optimization-worker';

/** The worker's typed config; main.ts is the only caller that passes `process.env`. */
export function loadWorkerConfig(env: Env): ServiceConfig {
  return loadServiceConfig(
    { serviceName: SERVICE_NAME, portVariable: 'WORKER_HEALTH_PORT', defaultPort: 3003 },
    env,
  );
}
