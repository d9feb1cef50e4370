import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Queues } from '@hotpath/contracts';
import {
  CacheModule,
  CacheStatistics,
  InvalidationBus,
  L2_BREAKER_DEFAULTS,
  RedisL2Tier,
  RedisWriteBehindBuffer,
  bindCacheMetrics,
} from '@hotpath/cache';
import { CACHE_REDIS, QUEUE_REDIS, redisConnectionOptions, type ServiceConfig } from '@hotpath/platform';
import { ResilienceRegistry } from '@hotpath/resilience';
import { MetricsRegistry } from '@hotpath/telemetry';
import type { Cluster, Redis } from 'ioredis';
import { cacheEngineSettingsOf } from '../config';
import { PoliciesModule } from '../policies/policies.module';
import { PolicyStore } from '../policies/policy-store';
import { HotKeyPublishing } from './hot-key-publishing';
import { StoredPolicySource } from './stored-policy-source';
import { WriteBehindProducerModule } from './write-behind-producer.module';

const QUEUE_MODULES = [Queues.WriteBehind, Queues.CacheWarm].map((name) =>
  BullModule.registerQueue({ name }),
);

/**
 * The tiered cache as the cache-service runs it: L2 on the cache Redis (standalone or Cluster), the
 * coherence bus on the queue Redis, write-behind staged beside BullMQ's queue, policies from PostgreSQL, its
 * statistics on /metrics, and every namespace's L1 under CACHE_L1_MAX_BYTES together. Needs
 * ResilienceModule (the L2 breaker is the registry's `cache-l2`).
 */
@Module({})
export class CacheEngineModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    const { l1MaxBytes } = cacheEngineSettingsOf(config);
    return {
      module: CacheEngineModule,
      global: true,
      imports: [
        BullModule.forRoot({
          connection: {
            ...redisConnectionOptions(config.redis.queueUrl),
            connectionName: `${config.serviceName}:bullmq`,
          },
        }),
        ...QUEUE_MODULES,
        PoliciesModule,
        WriteBehindProducerModule,
        CacheModule.forRootAsync({
          imports: [PoliciesModule, WriteBehindProducerModule],
          inject: [
            CACHE_REDIS,
            QUEUE_REDIS,
            PolicyStore,
            RedisWriteBehindBuffer,
            MetricsRegistry,
            ResilienceRegistry,
          ],
          useFactory: (
            cacheRedis: Redis | Cluster,
            queueRedis: Redis | Cluster,
            policies: PolicyStore,
            writeBehind: RedisWriteBehindBuffer,
            metrics: MetricsRegistry,
            resilience: ResilienceRegistry,
          ) => {
            const statistics = new CacheStatistics();
            bindCacheMetrics(metrics, statistics);
            const publisher = queueRedis as Redis;
            const bus = new InvalidationBus({
              publisher,
              // The subscriber queues its SUBSCRIBE until connected (unlike the fail-fast command client).
              createSubscriber: () =>
                publisher.duplicate({
                  connectionName: `${config.serviceName}:bus:${config.instanceId}`,
                  enableOfflineQueue: true,
                  maxRetriesPerRequest: null,
                }),
              instanceId: config.instanceId,
            });
            return {
              instanceId: config.instanceId,
              policies: new StoredPolicySource(policies),
              l1MaxBytes,
              // Registered, so resilience_breaker_state{name="cache-l2"} and its calls reach /metrics.
              l2: new RedisL2Tier({
                redis: cacheRedis,
                breaker: resilience.breaker(L2_BREAKER_DEFAULTS.name, L2_BREAKER_DEFAULTS),
              }),
              bus,
              writeBehind,
              statistics,
              lifecycle: [bus],
            };
          },
        }),
      ],
      // Each instance's hot keys reach the queue Redis, where the worker's warm jobs merge them.
      providers: [HotKeyPublishing],
      exports: [...QUEUE_MODULES, PoliciesModule, WriteBehindProducerModule],
    };
  }
}
