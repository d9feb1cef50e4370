import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

/** Loopback only: the local stack's standalone Redis. */
export const REDIS = { host: '127.0.0.1', port: 6379 } as const;

export function connect(options: RedisOptions = {}): Redis {
  return new Redis({ ...REDIS, lazyConnect: false, ...options });
}

/** A prefix no other run (or engineer) uses: `hpbench-<random>`. */
export function runPrefix(): string {
  return `hpbench-${randomBytes(4).toString('hex')}`;
}

export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}
