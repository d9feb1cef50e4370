import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module';
import { ServiceConfigModule } from '../config/config.module';
import type { ServiceConfig } from '../config/service-config';
import { DATABASE_DATA_SOURCE, DatabaseModule } from '../database/database.module';
import type { DatabaseOptions } from '../database/postgres-data-source-options';
import { HealthModule } from '../health/health.module';
import { type ReadinessCheck, redisReadiness, sqlReadiness } from '../health/readiness-check';
import { LoggingModule } from '../logging/logging.module';
import { CACHE_REDIS, QUEUE_REDIS, RedisClientsModule } from '../redis/redis-clients.module';

export interface PlatformModuleOptions {
  /** Open the cache (L2) Redis too, not only the queue Redis. */
  cacheRedis?: boolean;
  /** The service's PostgreSQL schema; omitted → no database. */
  database?: DatabaseOptions;
  /**
   * The prom-client registry the service's `/metrics` serves, for the rate limiter's
   * `hotpath_rate_limit_fallback_total`, e.g. `{ inject: [MetricsRegistry], useFactory: (m) => m.registry }`.
   * Omitted: prom-client's global registry.
   */
  metricsRegistry?: {
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => Registry;
  };
  /** More readiness checks, built from injected providers (e.g. BullMQ queues). */
  readiness?: {
    imports?: ModuleMetadata['imports'];
    inject: InjectionToken[];
    useFactory: (...deps: never[]) => ReadinessCheck[];
  };
}

/**
 * Everything a Hotpath service stands on, in one import: typed config, logs, Redis connections,
 * PostgreSQL with migrations, API-key auth with fleet-wide rate limits, and health probes that
 * check exactly the dependencies the service opened.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: ServiceConfig, options: PlatformModuleOptions = {}): DynamicModule {
    const cacheRedis = options.cacheRedis ?? false;
    const extra = options.readiness ?? { inject: [], useFactory: () => [] };
    const baseTokens: InjectionToken[] = [
      QUEUE_REDIS,
      ...(cacheRedis ? [CACHE_REDIS] : []),
      ...(options.database ? [DATABASE_DATA_SOURCE] : []),
    ];

    return {
      module: PlatformModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        LoggingModule.forRoot({
          serviceName: config.serviceName,
          instanceId: config.instanceId,
          level: config.logLevel,
        }),
        RedisClientsModule.forRoot(config, { cache: cacheRedis }),
        ...(options.database
          ? [DatabaseModule.forRoot({ ...options.database, migrateOnStart: config.database.migrateOnStart })]
          : []),
        AuthModule.forRootAsync({
          inject: [QUEUE_REDIS, ...(options.metricsRegistry?.inject ?? [])],
          useFactory: (queue: Redis | Cluster, ...metricsDeps: unknown[]) => ({
            ...config.auth,
            rateLimit: {
              redis: queue,
              defaults: config.rateLimit,
              metricsRegistry: options.metricsRegistry?.useFactory(...(metricsDeps as never[])),
            },
          }),
        }),
        HealthModule.forRootAsync({
          imports: extra.imports,
          inject: [...baseTokens, ...extra.inject],
          useFactory: (...deps: unknown[]) => {
            const [queue, ...rest] = deps as [Redis | Cluster, ...unknown[]];
            const checks: ReadinessCheck[] = [redisReadiness('redis-queue', queue)];
            if (cacheRedis) checks.push(redisReadiness('redis-cache', rest.shift() as Redis | Cluster));
            if (options.database) {
              const dataSource = rest.shift() as DataSource;
              checks.push(
                options.database.readiness ?? sqlReadiness('postgres', (sql) => dataSource.query(sql)),
              );
            }
            return { checks: [...checks, ...extra.useFactory(...(rest as never[]))] };
          },
        }),
      ],
      exports: [ServiceConfigModule, LoggingModule, AuthModule],
    };
  }
}
