import { type DynamicModule, Module } from '@nestjs/common';
import { MetricsRegistry } from '../metrics/metrics-registry';
import type { MetricsRegistryOptions } from '../metrics/metrics-registry-options';
import { HttpMetricsRecorder } from './http-metrics.recorder';
import { MetricsController } from './metrics.controller';
import { TELEMETRY_HANDLE, TelemetryShutdown } from './telemetry-shutdown';
import type { TelemetryHandle } from '../tracing/telemetry-handle';

export interface TelemetryModuleOptions extends MetricsRegistryOptions {
  /** The handle startTelemetry returned in main.ts; flushed and stopped when the app shuts down. */
  handle?: TelemetryHandle;
}

/**
 * Global module: one {@link MetricsRegistry} per app (inject it to add metrics), `GET /metrics`,
 * and request-latency recording on the Fastify adapter. Import once, in the root module.
 *
 * `/metrics` is a root path: if the app sets a global prefix, exclude `metrics` from it.
 */
@Module({})
export class TelemetryModule {
  static forRoot({ handle, ...options }: TelemetryModuleOptions): DynamicModule {
    return {
      module: TelemetryModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(options) },
        HttpMetricsRecorder,
        ...(handle ? [{ provide: TELEMETRY_HANDLE, useValue: handle }] : []),
        TelemetryShutdown,
      ],
      exports: [MetricsRegistry],
    };
  }
}
