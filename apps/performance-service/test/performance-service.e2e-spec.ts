import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, DATABASE_DATA_SOURCE, QUEUE_REDIS } from '@hotpath/platform';
import {
  freePort,
  type HealthReport,
  httpClient,
  type HttpTestClient,
  type ServiceProcess,
  startServiceProcess,
  startThrowawayRedis,
  testApiKeys,
  type ThrowawayRedis,
} from '@hotpath/testing';
import { ResilienceRegistry } from '@hotpath/resilience';
import { transportServerFor } from '@hotpath/transport';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { CACHE_SERVICE_BREAKER, CacheServiceClient } from '../src/cache-client/cache-service.client';
import { loadPerformanceServiceConfig } from '../src/config';

describe('performance-service (e2e, real Redis and PostgreSQL)', () => {
  const { keys, env: apiKeys } = testApiKeys({
    analyst: ['perf:read'],
    reader: ['cache:read'],
    service: ['cache:read', 'cache:write', 'cache:admin'],
  });
  const scope = `e2e-${randomUUID()}`;
  let redis: ThrowawayRedis;
  let perf: NestFastifyApplication;
  let cache: ServiceProcess;
  let http: HttpTestClient;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    const env = { REDIS_URL: redis.url, HOTPATH_API_KEYS: apiKeys, LOG_LEVEL: 'warn' };
    // The cache-service runs in a process of its own, as in production.
    cache = await startServiceProcess('cache-service', {
      ...env,
      INSTANCE_ID: 'cache-for-perf-e2e',
      CACHE_SERVICE_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });

    const perfConfig = loadPerformanceServiceConfig({
      ...env,
      INSTANCE_ID: 'perf-e2e-1',
      HOTPATH_SERVICE_API_KEY: keys.service.raw,
    });
    perf = await createHttpApp(AppModule.forRoot(perfConfig), perfConfig, {
      transport: transportServerFor(),
    });
    await perf.startAllMicroservices();
    await perf.listen({ port: 0, host: '127.0.0.1' });
    http = httpClient(await perf.getUrl());

    await perf.get<DataSource>(DATABASE_DATA_SOURCE).query(
      `INSERT INTO perf.recommendations (kind, severity, title, evidence, action, estimated_gain, scope, fingerprint, created_at)
       VALUES ('missing-index', 'warning', 'Add an index', '{"calls": 120}', 'CREATE INDEX ...', '-40% p95', $1, $2, now() - interval '2 days'),
              ('pool-size', 'info', 'Shrink the pool', '{"idle": 0.9}', 'max=8', null, $1, $3, now())`,
      [scope, `${scope}:a`, `${scope}:b`],
    );
  });

  afterAll(async () => {
    await perf
      ?.get<DataSource>(DATABASE_DATA_SOURCE)
      .query('DELETE FROM perf.recommendations WHERE scope = $1', [scope]);
    await perf?.close();
    await cache?.stop();
    await redis?.kill();
  });

  it('is ready when Redis and PostgreSQL answer', async () => {
    const response = await http.get('/health/ready');
    expect(response.status).toBe(200);
    expect(Object.keys(((await response.json()) as HealthReport).info).sort()).toEqual([
      'circuit-breakers',
      'postgres',
      'redis-queue',
    ]);
  });

  it.each([
    ['no key', undefined, 401],
    ['a key without perf:read', 'reader', 403],
  ])('refuses GET /recommendations with %s (key %s): %i', async (_case, keyName, status) => {
    const response = await http.get(
      `/api/v2/performance/recommendations?scope=${scope}`,
      keyName && keys[keyName].raw,
    );
    expect(response.status).toBe(status);
  });

  it('lists the recommendations of a scope, newest first', async () => {
    const response = await http.get(`/api/v2/performance/recommendations?scope=${scope}`, keys.analyst.raw);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { title: string; severity: string; evidence: unknown }[];
    expect(body.map((item) => item.title)).toEqual(['Shrink the pool', 'Add an index']);
    expect(body[1]).toMatchObject({
      severity: 'warning',
      evidence: { calls: 120 },
      estimatedGain: '-40% p95',
    });
  });

  it('filters by since', async () => {
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const response = await http.get(
      `/api/v2/performance/recommendations?scope=${scope}&since=${since}`,
      keys.analyst.raw,
    );
    expect(((await response.json()) as unknown[]).length).toBe(1);
  });

  it('answers a malformed since with 400 naming the field', async () => {
    const response = await http.get('/api/v2/performance/recommendations?since=yesterday', keys.analyst.raw);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toEqual(['query.since']);
  });

  it('exposes request latency by route on /metrics', async () => {
    const text = await (await http.get('/metrics')).text();
    expect(text).toContain('route="/api/v2/performance/recommendations",status_code="200"');
  });

  it('serves its queries from the managed pool and exports it on /metrics', async () => {
    expect(
      (await http.get('/api/v2/performance/recommendations?scope=pool-check', keys.analyst.raw)).status,
    ).toBe(200);
    const text = await (await http.get('/metrics')).text();
    const connections = (state: string) =>
      Number(
        new RegExp(`db_pool_connections\\{[^}]*pool="perf-primary"[^}]*state="${state}"[^}]*\\} (\\d+)`).exec(
          text,
        )?.[1],
      );
    expect(connections('max')).toBe(10);
    expect(connections('total')).toBeGreaterThanOrEqual(1);
    const ready = (await (await http.get('/health/ready')).json()) as HealthReport;
    expect(ready.info.postgres).toMatchObject({ status: 'up', pool: 'perf-primary', max: 10 });
    expect(text).toMatch(/db_pool_acquire_seconds_count\{[^}]*pool="perf-primary"[^}]*\} [1-9]/);
  });

  it('reaches the cache-service over the Redis transport (cache.stats)', async () => {
    const stats = await perf.get(CacheServiceClient).stats();
    expect(stats).toMatchObject({ service: 'cache-service', instanceId: 'cache-for-perf-e2e' });
  });

  it('calls the cache-service through its circuit breaker, and fails at once while it is open', async () => {
    const breaker = perf.get(ResilienceRegistry).get(CACHE_SERVICE_BREAKER);
    expect(breaker).toBeDefined();
    breaker?.forceOpen();
    try {
      const started = performance.now();
      await expect(perf.get(CacheServiceClient).stats()).rejects.toMatchObject({
        code: 'CACHE_SERVICE_UNAVAILABLE',
        message: expect.stringContaining('circuit breaker is open'),
      });
      expect(performance.now() - started).toBeLessThan(100);
      const text = await (await http.get('/metrics')).text();
      expect(text).toMatch(
        /resilience_calls_total\{[^}]*name="cache-service-rpc"[^}]*outcome="success"[^}]*\} [1-9]/,
      );
      expect(text).toMatch(
        /resilience_calls_total\{[^}]*name="cache-service-rpc"[^}]*outcome="rejected"[^}]*\} [1-9]/,
      );
    } finally {
      breaker?.reset();
    }
    expect(await perf.get(CacheServiceClient).stats()).toMatchObject({ service: 'cache-service' });
  });

  it('turns /health/ready to 503 when its Redis goes away', async () => {
    const client = perf.get<Redis>(QUEUE_REDIS);
    const closed = once(client, 'close');
    await redis.kill();
    await closed;
    const response = await http.get('/health/ready');
    expect(response.status).toBe(503);
    expect(((await response.json()) as HealthReport).error['redis-queue'].status).toBe('down');
  });
});
