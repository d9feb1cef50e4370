import { Logger } from '@nestjs/common';
import { redisConnectionOptions } from '@hotpath/platform';
import { Redis } from 'ioredis';

/**
 * One of the transport's own connections to the queue Redis. Commands fail at once while Redis is
 * away (no offline queue, no retry of a command): a request the transport cannot write is answered
 * with an error instead of waiting behind an outage, and a blocked read ends so its loop can wait
 * for the connection to come back. ioredis keeps reconnecting in the background, and every state
 * change is logged once (an ioredis client without an `error` listener prints to stderr instead).
 */
export function transportRedis(url: string, connectionName: string, logger: Logger): Redis {
  const redis = new Redis({
    ...redisConnectionOptions(url),
    connectionName,
    // RESP2: stream replies keep one shape whatever ioredis negotiated when a command was queued
    // (under RESP3 a read issued during a reconnect came back as a flat map).
    protocol: 2,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 5_000,
    // No auto-pipelining: ioredis keeps one auto-pipeline in flight per connection, so a reply
    // written while a batch is on the wire waited for that batch's answers (p99 and throughput
    // both suffered; docs/benchmarks.md, Transport).
    enableAutoPipelining: false,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, connection: connectionName }, 'Queue Redis unreachable; retrying');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log({ connection: connectionName }, 'Queue Redis reachable again');
  });
  return redis;
}

/** Resolves once `redis` is ready, or false after `ms` (or once `stop()` says to give up). */
export function whenReady(redis: Redis, ms: number, stopped: () => boolean): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      clearInterval(poll);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    // `close()` ends the wait early rather than leaving it for the timer.
    const poll = setInterval(() => stopped() && done(false), 50);
    redis.once('ready', onReady);
  });
}
