import { once } from 'node:events';
import { startThrowawayRedis, type ThrowawayRedis } from '@hotpath/testing';
import { Redis } from 'ioredis';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { RedisL2Tier } from './redis-l2-tier';

const TIMEOUT_MS = 100;
const OPEN_MS = 2000;

describe('RedisL2Tier timeouts and breaker against a throw-away Redis', () => {
  let server: ThrowawayRedis;
  let client: Redis;
  let admin: Redis;
  let now: number;
  let tier: RedisL2Tier;

  beforeAll(async () => {
    server = await startThrowawayRedis();
    // Configured as the platform's createRedisClient does: fail fast, no offline queue.
    client = new Redis({
      port: server.port,
      host: '127.0.0.1',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    admin = new Redis({ port: server.port, host: '127.0.0.1' });
    await Promise.all([once(client, 'ready'), once(admin, 'ready')]);
    now = 1_000_000;
    tier = new RedisL2Tier({
      redis: client,
      keyPrefix: 'breaker-test',
      operationTimeoutMs: TIMEOUT_MS,
      breaker: {
        slidingWindowSize: 3,
        minimumNumberOfCalls: 3,
        failureRateThreshold: 100,
        waitDurationInOpenStateMs: OPEN_MS,
        permittedNumberOfCallsInHalfOpenState: 1,
        clock: () => now,
      },
    });
  });

  afterAll(async () => {
    client.disconnect();
    admin.disconnect();
    await server.kill();
  });

  it('times out a slow Redis, opens after the threshold, fails fast, then closes after a good probe', async () => {
    const entry: CacheEnvelope = {
      value: 'v',
      version: 1,
      createdAt: 0,
      expiresAt: Date.now() + 60_000,
      staleUntil: Date.now() + 60_000,
      tags: [],
    };
    await tier.set('ns', 'k', entry);
    await admin.call('CLIENT', 'PAUSE', '800', 'ALL');

    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await expect(tier.get('ns', 'k')).rejects.toMatchObject({ code: 'L2_TIMEOUT' });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 60);
    }
    expect(tier.breakerState).toBe('open');

    const started = performance.now();
    await expect(tier.get('ns', 'k')).rejects.toMatchObject({ code: 'L2_UNAVAILABLE' });
    await expect(tier.mget('ns', ['k'])).rejects.toMatchObject({ code: 'L2_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(10);

    await new Promise((resolve) => setTimeout(resolve, 900));
    now += OPEN_MS;
    expect(tier.breakerState).toBe('half-open');
    expect(await tier.get('ns', 'k')).toEqual(entry);
    expect(tier.breakerState).toBe('closed');
  });

  it('fails fast with L2_UNAVAILABLE when Redis is dead', async () => {
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await expect(tier.get('ns', 'k')).rejects.toMatchObject({
      code: expect.stringMatching(/^L2_(UNAVAILABLE|TIMEOUT)$/),
    });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 60);
  });
});
