import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  InvalidationBus,
  L2_BREAKER_DEFAULTS,
  readFleetHotKeys,
  RedisL2Tier,
  StaticPolicySource,
  TieredCache,
  type WarmSource,
  warmSourceName,
} from '@hotpath/cache';
import { createRedisClient, QUEUE_REDIS, SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import { RedisGcraLimiter } from '@hotpath/resilience';
import type { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import { CacheWarmer } from './cache-warmer';
import { httpWarmLoader } from './http-warm-loader';
import { NamespacePolicyReader } from './namespace-policy-reader';
import { postgresWarmLoader } from './postgres-warm-loader';

/** Connections to the database that holds the policies and the PostgreSQL warm sources. */
const POOL_MAX = 4;
/** How long shutdown waits for the bus to unsubscribe before it drops the connection (Redis may be gone). */
const BUS_STOP_WAIT_MS = 1_000;

/**
 * What warm jobs run on: a tiered cache over the cache Redis (L2) and the coherence bus, the
 * namespace policies and PostgreSQL warm sources on `DATABASE_URL`, the fleet's hot keys and the
 * sources' rate limits on the queue Redis.
 */
@Injectable()
export class CacheWarmRuntime implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CacheWarmRuntime.name);
  readonly warmer: CacheWarmer;
  private readonly pool: pg.Pool;
  private readonly cacheRedis: Redis | Cluster;
  private readonly bus: InvalidationBus;
  private subscriber?: Redis;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(QUEUE_REDIS) private readonly queueRedis: Redis | Cluster,
  ) {
    this.pool = new pg.Pool({
      connectionString: config.database.url,
      max: POOL_MAX,
      application_name: `${config.serviceName}:${config.instanceId}:cache-warm`,
    });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle warm-source connection failed'));
    this.cacheRedis = createRedisClient({
      url: config.redis.url,
      clusterNodes: config.redis.clusterNodes,
      connectionName: `${config.serviceName}:cache-warm:l2`,
    });
    const publisher = queueRedis as Redis;
    this.bus = new InvalidationBus({
      publisher,
      createSubscriber: () =>
        (this.subscriber = publisher.duplicate({
          connectionName: `${config.serviceName}:cache-warm:bus:${config.instanceId}`,
          enableOfflineQueue: true,
          maxRetriesPerRequest: null,
        })),
      instanceId: `${config.serviceName}:${config.instanceId}`,
    });
    const policies = new StaticPolicySource();
    const reader = new NamespacePolicyReader(this.pool);
    this.warmer = new CacheWarmer({
      cache: new TieredCache({
        instanceId: `${config.serviceName}:${config.instanceId}`,
        policies,
        l2: new RedisL2Tier({ redis: this.cacheRedis, breaker: { ...L2_BREAKER_DEFAULTS } }),
        bus: this.bus,
        // Warm jobs of one namespace never hold it for long; nothing needs to stay.
        idleNamespaceMs: 60_000,
      }),
      policies,
      policyOf: (namespace) => reader.policyOf(namespace),
      fleetHotKeys: (namespace, limit) => readFleetHotKeys(queueRedis, namespace, { limit }),
      loaderOf: (namespace, source) =>
        source.kind === 'postgres'
          ? postgresWarmLoader(this.pool, source)
          : httpWarmLoader(namespace, source),
      acquire: (namespace, source) =>
        limiterOf(queueRedis, source).consume(`${namespace}.${warmSourceName(source)}`),
    });
  }

  async onModuleInit(): Promise<void> {
    // Without the bus, a warmed key would not drop older L1 copies; jobs wait for it (and retry).
    await this.bus
      .start()
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'cache bus not up yet; retrying in the background'),
      );
  }

  /** Runs after the warm processor has drained (it closes its worker before shutdown). */
  async onApplicationShutdown(): Promise<void> {
    // The subscriber queues commands while Redis is away: a QUIT then waits for Redis to come back.
    await Promise.race([
      this.bus.stop().catch(() => undefined),
      delay(BUS_STOP_WAIT_MS, undefined, { ref: false }),
    ]);
    this.subscriber?.disconnect();
    // Nothing is left to send once the processor has drained; a QUIT would wait for an absent Redis.
    this.cacheRedis.disconnect();
    await this.pool.end().catch(() => undefined);
  }
}

/** The fleet-wide limit of a source's calls; its buckets are per namespace and source name. */
function limiterOf(redis: Redis | Cluster, source: WarmSource): RedisGcraLimiter {
  return new RedisGcraLimiter({
    client: redis,
    name: 'cache-warm',
    perSecond: source.callsPerSecond,
    burst: Math.max(1, Math.floor(source.callsPerSecond)),
  });
}
