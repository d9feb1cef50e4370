import { type Env, loadServiceConfig, type ServiceConfig } from '@hotpath/platform';
import { loadOptimizationSettings, type OptimizationSettings } from './optimization/optimization-settings';

export const SERVICE_NAME = 'optimization-worker';

/** The worker's typed config: the service's, plus what the optimisation jobs run with. */
export interface WorkerConfig extends ServiceConfig {
  optimization: OptimizationSettings;
}

/** The worker's typed config; main.ts is the only caller that passes `process.env`. */
export function loadWorkerConfig(env: Env): WorkerConfig {
  const config = loadServiceConfig(
    { serviceName: SERVICE_NAME, portVariable: 'WORKER_HEALTH_PORT', defaultPort: 3003 },
    env,
  );
  return { ...config, optimization: loadOptimizationSettings(env, config.database.url) };
}
