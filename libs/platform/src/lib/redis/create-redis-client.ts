import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { HostPort } from '../config/service-config';
import { redisConnectionOptions } from './redis-connection-options';

export interface RedisClientOptions {
  url: string;
  /** Seed nodes of a Redis Cluster; when given, `url` only supplies credentials and TLS. */
  clusterNodes?: HostPort[];
  /** Shown by CLIENT LIST, so an operator can tell the connections apart. */
  connectionName: string;
  /** Queue commands while disconnected instead of failing them at once (BullMQ wants this). */
  offlineQueue?: boolean;
}

/**
 * A Redis or Redis Cluster client that fails fast while Redis is away (no offline queue, one retry
 * per command), so callers can degrade instead of hanging; it keeps reconnecting in the background.
 */
export function createRedisClient(options: RedisClientOptions): Redis | Cluster {
  const { host: _host, port: _port, ...credentials } = redisConnectionOptions(options.url);
  const common: RedisOptions = {
    ...credentials,
    connectionName: options.connectionName,
    enableOfflineQueue: options.offlineQueue ?? false,
    maxRetriesPerRequest: options.offlineQueue ? null : 1,
    connectTimeout: 5_000,
    // Commands issued in the same tick share one write (rate-limit checks, cache reads under load).
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
  };
  if (options.clusterNodes && options.clusterNodes.length > 0) {
    return new Cluster(options.clusterNodes, {
      redisOptions: common,
      enableOfflineQueue: common.enableOfflineQueue,
      scaleReads: 'master',
      clusterRetryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
    });
  }
  return new Redis({ ...redisConnectionOptions(options.url), ...common });
}
