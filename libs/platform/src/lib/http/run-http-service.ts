import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceConfig } from '../config/service-config';
import { createHttpApp, type HttpAppOptions } from './create-http-app';
import { startService } from './start-service';

/**
 * The body of every service's main.ts: load the root module (lazily, so that whatever main.ts set
 * up first — telemetry — sees the module's imports), build the app, listen; on failure print the
 * reason and exit with status 1.
 */
export function runHttpService(
  loadModule: () => Promise<Type | DynamicModule>,
  config: ServiceConfig,
  options: HttpAppOptions = {},
): void {
  const run = async (): Promise<void> => {
    const app = await createHttpApp(await loadModule(), config, options);
    await startService(app, config);
  };
  run().catch((error: unknown) => {
    process.stderr.write(
      `${config.serviceName} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
