import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './workspace-root';

export interface AppContract {
  app: 'cache-service' | 'performance-service' | 'optimization-worker';
  portVariable: string;
  defaultPort: number;
  /** Serves the /api/v2 routes through the gateway (the worker serves only /health and /metrics). */
  http: boolean;
}

export const APPS = ['cache-service', 'performance-service', 'optimization-worker'] as const;

/** Each app's port variable and default, read from its apps/<app>/src/config.ts. */
export function appContract(app: AppContract['app']): AppContract {
  const source = readFileSync(join(workspaceRoot(), 'apps', app, 'src', 'config.ts'), 'utf8');
  const portVariable = /portVariable:\s*'([A-Z_]+)'/.exec(source)?.[1];
  const defaultPort = /defaultPort:\s*(\d+)/.exec(source)?.[1];
  if (!portVariable || !defaultPort)
    throw new Error(`apps/${app}/src/config.ts: no portVariable/defaultPort`);
  return { app, portVariable, defaultPort: Number(defaultPort), http: app !== 'optimization-worker' };
}

/** The health routes every app serves (libs/platform/src/lib/health/health.controller.ts). */
export function healthRoutes(): { live: string; ready: string } {
  const source = readFileSync(
    join(workspaceRoot(), 'libs/platform/src/lib/health/health.controller.ts'),
    'utf8',
  );
  const base = /@Controller\('([^']+)'\)/.exec(source)?.[1];
  const live = /@Get\('(live)'\)/.exec(source)?.[1];
  const ready = /@Get\('(ready)'\)/.exec(source)?.[1];
  if (!base || !live || !ready) throw new Error('health.controller.ts: routes not found');
  return { live: `/${base}/${live}`, ready: `/${base}/${ready}` };
}
