import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { startThrowawayRedis, type ThrowawayRedis } from '@hotpath/testing';
import type { Cluster, Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { HttpAuthenticator } from '../auth/http-authenticator';
import { AppError } from '../errors/app-error';
import { createRedisClient } from '../redis/create-redis-client';
import { LeasedRateLimiter } from './leased-rate-limiter';
import { RATE_LIMIT_FALLBACK_METRIC } from './rate-limit-fallback.metric';
import { RedisRateLimiter } from './redis-rate-limiter';

const sha = (raw: string) => createHash('sha256').update(raw).digest('hex');
const KEY = `limited-${randomUUID()}`;
/** Five at once, then one every 10 s: a test sees the burst, and nothing refills while it runs. */
const LIMIT = { perSecond: 0.1, burst: 5 };

/** The redis-server's own pid, from INFO: the test stops and resumes that one process. */
async function pidOf(client: Redis | Cluster): Promise<number> {
  const info = await (client as Redis).info('server');
  return Number(/process_id:(\d+)/.exec(info)?.[1]);
}

/** Each admission's outcome: 'ok', or the code it was refused with. */
async function admitMany(authenticator: HttpAuthenticator, times: number): Promise<string[]> {
  const outcomes = [];
  for (let i = 0; i < times; i++) {
    try {
      await authenticator.admitKey(KEY, ['cache:read']);
      outcomes.push('ok');
    } catch (error) {
      outcomes.push(error instanceof AppError ? error.code : 'not an AppError');
    }
  }
  return outcomes;
}

async function fallbackCount(registry: Registry, reason: 'timeout' | 'error'): Promise<number> {
  const metric = await registry.getSingleMetric(RATE_LIMIT_FALLBACK_METRIC)?.get();
  return metric?.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

describe('rate limiting while its Redis is unreachable (throw-away Redis)', () => {
  let server: ThrowawayRedis;
  let client: Redis | Cluster;
  let pid: number;

  beforeEach(async () => {
    server = await startThrowawayRedis();
    // The queue client the services give the rate limiter: no offline queue, fails fast.
    client = createRedisClient({ url: server.url, connectionName: 'rate-limit-test' });
    await once(client, 'ready');
    pid = await pidOf(client);
  });

  afterEach(async () => {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await server.kill();
    client.disconnect();
  });

  function authenticator(registry: Registry): HttpAuthenticator {
    return new HttpAuthenticator({
      apiKeys: [{ name: 'limited', sha256: sha(KEY), scopes: ['cache:read'], rateLimit: LIMIT }],
      rateLimit: { redis: client, defaults: LIMIT, keyPrefix: 'test:rl:', metricsRegistry: registry },
    });
  }

  it('decides in Redis while it answers: no fallback counted', async () => {
    const registry = new Registry();
    expect(await admitMany(authenticator(registry), 7)).toEqual([
      ...Array(5).fill('ok'),
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    expect(await fallbackCount(registry, 'timeout')).toBe(0);
    expect(await fallbackCount(registry, 'error')).toBe(0);
    expect(await client.exists('test:rl:limited')).toBe(1);
  });

  it('a stopped Redis: gives it 100 ms, then limits the key locally with the same limit, and counts each admission', async () => {
    const registry = new Registry();
    const auth = authenticator(registry);
    process.kill(pid, 'SIGSTOP');

    const started = performance.now();
    expect(await admitMany(auth, 1)).toEqual(['ok']);
    const firstMs = performance.now() - started;
    expect(await admitMany(auth, 7)).toEqual([...Array(4).fill('ok'), ...Array(3).fill('RATE_LIMITED')]);
    const allMs = performance.now() - started;

    expect(firstMs).toBeGreaterThanOrEqual(95);
    expect(firstMs).toBeLessThan(300);
    // Only the first request waited for Redis: the rest were decided at once, locally.
    expect(allMs - firstMs).toBeLessThan(100);
    expect(await fallbackCount(registry, 'timeout')).toBe(5);
    expect(await fallbackCount(registry, 'error')).toBe(0);
    expect(await registry.metrics()).toContain(`${RATE_LIMIT_FALLBACK_METRIC}{reason="timeout"} 5`);
  });

  it('a killed Redis: limits the key locally at once, counted as errors', async () => {
    const registry = new Registry();
    const auth = authenticator(registry);
    await server.kill();

    const started = performance.now();
    expect(await admitMany(auth, 8)).toEqual([...Array(5).fill('ok'), ...Array(3).fill('RATE_LIMITED')]);
    // Far from a 100 ms timeout per request: a refused connection is an error at once.
    expect(performance.now() - started).toBeLessThan(400);
    expect(await fallbackCount(registry, 'error')).toBe(5);
    expect(await fallbackCount(registry, 'timeout')).toBe(0);
  });

  it('asks Redis again once the outage has lasted outageMs, and stops counting when it answers', async () => {
    const admissions: string[] = [];
    const limiter = new LeasedRateLimiter(new RedisRateLimiter(client, 'test:rl:'), {
      outageMs: 200,
      onFallbackAdmission: (reason) => admissions.push(reason),
    });
    // A slow refill keeps the caller's GCRA key in Redis for a second (it expires once refilled).
    const limit = { perSecond: 1, burst: 1000 };
    process.kill(pid, 'SIGSTOP');
    expect(await limiter.consume('back', limit)).toMatchObject({ allowed: true });
    // During the outage a decision is local and synchronous.
    expect(limiter.consume('back', limit)).toMatchObject({ allowed: true });
    expect(admissions).toEqual(['timeout', 'timeout']);

    process.kill(pid, 'SIGCONT');
    await client.ping();
    // Once the outage has lasted outageMs, a request asks Redis again; on a loaded machine Redis may
    // still be late at first, so the test gives it a few rounds, each its own outage.
    let decidedByRedis = false;
    const deadline = performance.now() + 5_000;
    while (!decidedByRedis && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const counted = admissions.length;
      expect(await limiter.consume('again', limit)).toMatchObject({ allowed: true });
      decidedByRedis = admissions.length === counted;
    }
    expect(decidedByRedis).toBe(true);
    expect(await client.exists('test:rl:again')).toBe(1);
  });
});
