/**
 * How long ioredis lets a connection it is disconnecting close by itself before it destroys the
 * socket (its default is 2 s). ioredis arms that timer even when the socket has already closed —
 * Redis went away first — and then nothing clears it: a service shut down during a Redis outage
 * stayed alive 2 s after closing. A live connection to Redis closes in well under this.
 */
export const REDIS_DISCONNECT_TIMEOUT_MS = 200;

/**
 * Where and how to reach one Redis, and how to leave it: a shape ioredis, BullMQ and the Nest
 * Redis transport all accept.
 */
export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  /** {@link REDIS_DISCONNECT_TIMEOUT_MS}. */
  disconnectTimeout: number;
}

/**
 * Turns a `redis://[user:password@]host:port[/db]` (or `rediss://`) URL into ioredis options, the
 * form ioredis, BullMQ and the Nest Redis transport accept, with {@link REDIS_DISCONNECT_TIMEOUT_MS}.
 */
export function redisConnectionOptions(url: string): RedisEndpoint {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS,
  };
}
