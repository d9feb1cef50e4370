import { once } from 'node:events';
import { CACHE_REDIS } from '@hotpath/platform';
import {
  type HealthReport,
  type HttpTestClient,
  startThrowawayRedis,
  testApiKeys,
  type ThrowawayRedis,
} from '@hotpath/testing';
import type { Redis } from 'ioredis';
import { type CacheServiceInstance, startCacheService } from './cache-service-instance';

describe('cache-service (e2e, real Redis and PostgreSQL)', () => {
  const { keys, env: apiKeys } = testApiKeys({ reader: ['cache:read'], profiler: ['perf:profile'] });
  let redis: ThrowawayRedis;
  let service: CacheServiceInstance;
  let http: HttpTestClient;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    service = await startCacheService({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      INSTANCE_ID: 'cache-e2e-1',
    });
    http = service.http;
  });

  afterAll(async () => {
    await service?.close();
    await redis?.kill();
  });

  it('is live', async () => {
    expect((await http.get('/health/live')).status).toBe(200);
  });

  it('is ready when Redis and PostgreSQL answer', async () => {
    const response = await http.get('/health/ready');
    expect(response.status).toBe(200);
    const body = (await response.json()) as HealthReport;
    expect(Object.keys(body.info).sort()).toEqual(['circuit-breakers', 'postgres', 'redis-cache', 'redis-queue']);
    expect(body.info['circuit-breakers']).toMatchObject({ status: 'up', health: 'up', breakers: { 'cache-l2': 'closed' } });
  });

  it.each([
    ['no key', undefined, 401],
    ['a key without cache:read', 'profiler', 403],
    ['a key with cache:read', 'reader', 200],
  ])('answers GET /api/v2/cache/status with %s (key %s): %i', async (_case, keyName, status) => {
    const response = await http.get('/api/v2/cache/status', keyName ? keys[keyName].raw : undefined);
    expect(response.status).toBe(status);
    if (status !== 200) expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('reports its instance id and a live L2 tier', async () => {
    const body = await (await http.get('/api/v2/cache/status', keys.reader.raw)).json();
    expect(body).toMatchObject({
      service: 'cache-service',
      instanceId: 'cache-e2e-1',
      tiers: { l2: { status: 'up' } },
    });
  });

  it('exposes request latency by route on /metrics without a key', async () => {
    await http.get('/api/v2/cache/status', keys.reader.raw);
    const text = await (await http.get('/metrics')).text();
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{[^}]*route="\/api\/v2\/cache\/status",status_code="200"\} [1-9]/,
    );
  });

  it('turns /health/ready to 503 naming Redis when its Redis goes away, and stays live', async () => {
    const client = service.app.get<Redis>(CACHE_REDIS);
    const closed = once(client, 'close');
    await redis.kill();
    await closed;

    const response = await http.get('/health/ready');
    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthReport;
    expect(body.error['redis-cache'].status).toBe('down');
    expect(body.info.postgres.status).toBe('up');
    expect((await http.get('/health/live')).status).toBe(200);
  });

  it('opens the L2 circuit breaker once Redis keeps failing, and shows it on /status and /metrics', async () => {
    // Redis is gone (previous test): each L1 miss fails in L2 until the breaker opens.
    for (let i = 0; i < 5; i++) {
      expect((await http.get(`/api/v2/cache/entries/gone-${i}?namespace=breaker`, keys.reader.raw)).status).toBe(404);
    }
    const status = (await (await http.get('/api/v2/cache/status', keys.reader.raw)).json()) as {
      tiers: { l2: Record<string, unknown> };
    };
    expect(status.tiers.l2).toMatchObject({ status: 'down', breaker: 'open' });
    const text = await (await http.get('/metrics')).text();
    expect(text).toMatch(/resilience_breaker_state\{[^}]*name="cache-l2"[^}]*\} 2/);
    expect(text).toMatch(/resilience_calls_total\{[^}]*name="cache-l2"[^}]*outcome="failure"[^}]*\} [1-9]/);
    // Readiness reports the open breaker (not fatal in itself: the Redis check already is).
    const ready = (await (await http.get('/health/ready')).json()) as HealthReport;
    expect(ready.details['circuit-breakers']).toMatchObject({ status: 'up', health: 'down', breakers: { 'cache-l2': 'open' } });
  });
});
