import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  Optional,
  type Provider,
} from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { ServiceConfig } from '../config/service-config';
import { createRedisClient } from './create-redis-client';

/** Injection token of the cache (L2) Redis: standalone or Cluster, `allkeys-lru` in production. */
export const CACHE_REDIS = Symbol.for('hotpath.redis.cache');
/** Injection token of the Redis for queues, the transport, rate limits and the bus (`noeviction`). */
export const QUEUE_REDIS = Symbol.for('hotpath.redis.queue');

/** How long start-up waits for a connection before going on without it (readiness reports it down). */
const CONNECT_WAIT_MS = 5_000;

/**
 * Resolves with the client once it is ready, or after {@link CONNECT_WAIT_MS} or its first error:
 * a service whose Redis answers starts ready, and one whose Redis is away still starts, degraded.
 */
function settled(client: Redis | Cluster): Promise<Redis | Cluster> {
  if (client.status === 'ready') return Promise.resolve(client);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve(client);
    };
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    client.once('ready', done);
    client.once('error', done);
  });
}

@Injectable()
class RedisClientsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(QUEUE_REDIS) private readonly queue: Redis | Cluster,
    @Optional() @Inject(CACHE_REDIS) private readonly cache?: Redis | Cluster,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const clients = this.cache ? [this.queue, this.cache] : [this.queue];
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}

/**
 * The Redis connections of a service, named after it and closed on shutdown: always the queue
 * Redis, and the cache Redis for services that hold cache data (`{ cache: true }`).
 */
@Module({})
export class RedisClientsModule {
  static forRoot(
    config: Pick<ServiceConfig, 'redis' | 'serviceName'>,
    options: { cache: boolean },
  ): DynamicModule {
    const queue: Provider = {
      provide: QUEUE_REDIS,
      useFactory: () =>
        settled(createRedisClient({ url: config.redis.queueUrl, connectionName: `${config.serviceName}:queue` })),
    };
    const cache: Provider = {
      provide: CACHE_REDIS,
      useFactory: () =>
        settled(
          createRedisClient({
            url: config.redis.url,
            clusterNodes: config.redis.clusterNodes,
            connectionName: `${config.serviceName}:cache`,
          }),
        ),
    };
    return {
      module: RedisClientsModule,
      global: true,
      providers: options.cache ? [queue, cache, RedisClientsCloser] : [queue, RedisClientsCloser],
      exports: options.cache ? [QUEUE_REDIS, CACHE_REDIS] : [QUEUE_REDIS],
    };
  }
}
