import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@hotpath/platform';
import { ResilienceModule, ResilienceRegistry } from '@hotpath/resilience';
import { MetricsRegistry, type TelemetryHandle, TelemetryModule } from '@hotpath/telemetry';
import { AdminController } from './admin/admin.controller';
import { CompressionSavings } from './admin/compression-savings';
import { FleetStatistics } from './admin/fleet-statistics';
import { CacheEngineModule } from './engine/cache-engine.module';
import { EntriesController } from './entries/entries.controller';
import { EntryReadRoute } from './entries/entry-read.route';
import { cacheDatabaseOptions } from './persistence/cache-database';
import { CacheEntriesService } from './service/cache-entries.service';
import { CacheInvalidationService } from './service/cache-invalidation.service';
import { CacheWarmService } from './service/cache-warm.service';
import { InstanceStatusService } from './status/instance-status.service';
import { CacheHandlers } from './transport/cache.handlers';

/** Composition root of the cache-service. */
@Module({})
export class AppModule {
  static forRoot(
    config: ServiceConfig,
    telemetry?: TelemetryHandle,
    compression: CompressionSavings = new CompressionSavings(),
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          // The rate limiter's fallback counter on this app's /metrics.
          metricsRegistry: {
            inject: [MetricsRegistry],
            useFactory: (metrics: MetricsRegistry) => metrics.registry,
          },
          cacheRedis: true,
          database: cacheDatabaseOptions(config),
          // Breakers are reported (half-open: degraded), never fatal: an open L2 breaker degrades to L1.
          readiness: {
            inject: [ResilienceRegistry],
            useFactory: (resilience: ResilienceRegistry) => [
              resilience.readinessCheck('circuit-breakers', () => false),
            ],
          },
        }),
        TelemetryModule.forRoot({ serviceName: config.serviceName, handle: telemetry }),
        ResilienceModule.forRoot(),
        CacheEngineModule.forRoot(config),
      ],
      controllers: [EntriesController, AdminController, CacheHandlers],
      providers: [
        CacheEntriesService,
        CacheInvalidationService,
        CacheWarmService,
        InstanceStatusService,
        EntryReadRoute,
        FleetStatistics,
        { provide: CompressionSavings, useValue: compression },
      ],
    };
  }
}
