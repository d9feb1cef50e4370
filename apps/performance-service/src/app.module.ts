import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule, type ServiceConfig } from '@hotpath/platform';
import { PoolingModule } from '@hotpath/pooling';
import { ResilienceModule, ResilienceRegistry } from '@hotpath/resilience';
import { MetricsRegistry, type TelemetryHandle, TelemetryModule } from '@hotpath/telemetry';
import { CacheServiceClient } from './cache-client/cache-service.client';
import { PERF_SCHEMA, pooledPerfDatabase } from './persistence/perf-database';
import { RecommendationEntity } from './persistence/recommendation.entity';
import { RecommendationsController } from './recommendations/recommendations.controller';

/** Composition root of the performance-service. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry?: TelemetryHandle): DynamicModule {
    const { database, options } = pooledPerfDatabase(config);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          // The rate limiter's fallback counter on this app's /metrics.
          metricsRegistry: {
            inject: [MetricsRegistry],
            useFactory: (metrics: MetricsRegistry) => metrics.registry,
          },
          database: options,
          // Reported, never fatal: only the routes that need the cache-service fail while it is away.
          readiness: {
            inject: [ResilienceRegistry],
            useFactory: (resilience: ResilienceRegistry) => [
              resilience.readinessCheck('circuit-breakers', () => false),
            ],
          },
        }),
        TelemetryModule.forRoot({ serviceName: config.serviceName, handle: telemetry }),
        PoolingModule.forRoot(database),
        ResilienceModule.forRoot(),
        TypeOrmModule.forFeature([RecommendationEntity], PERF_SCHEMA),
      ],
      controllers: [RecommendationsController],
      providers: [CacheServiceClient],
    };
  }
}
