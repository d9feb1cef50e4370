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

/** UNLINKs every key under `prefix` (SCAN, never KEYS); the safety net after each section. */
export async function unlinkPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}
