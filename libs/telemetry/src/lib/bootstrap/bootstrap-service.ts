import type { DynamicModule, Type } from '@nestjs/common';
import { type HttpAppOptions, loadConfigOrExit, runHttpService, type ServiceConfig } from '@hotpath/platform';
import { startTelemetry } from '../tracing/start-telemetry';
import type { TelemetryHandle } from '../tracing/telemetry-handle';

export interface ServiceBootstrap {
  /** Builds the service's typed config from the environment (throws a ConfigError when it is bad). */
  loadConfig(): ServiceConfig;
  /** Loads the root module lazily (`import('./app.module')`), so it loads after telemetry starts. */
  loadModule(config: ServiceConfig, telemetry: TelemetryHandle): Promise<Type | DynamicModule>;
  http?: HttpAppOptions;
}

/**
 * The whole of a service's main.ts: config (a bad variable exits with one line), telemetry started
 * before the app's modules load so that their ioredis, pg and http calls are traced, then the app.
 */
export function bootstrapService(service: ServiceBootstrap): void {
  const config = loadConfigOrExit(() => service.loadConfig());
  const telemetry = startTelemetry({
    serviceName: config.serviceName,
    instanceId: config.instanceId,
    otlpEndpoint: config.otlpEndpoint,
  });
  runHttpService(() => service.loadModule(config, telemetry), config, service.http);
}
