import { once } from 'node:events';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queues } from '@hotpath/contracts';
import { createHttpApp } from '@hotpath/platform';
import {
  type HealthReport,
  httpClient,
  type HttpTestClient,
  startThrowawayRedis,
  testApiKeys,
  type ThrowawayRedis,
} from '@hotpath/testing';
import type { Queue } from 'bullmq';
import { AppModule } from '../src/app.module';
import { loadWorkerConfig } from '../src/config';

describe('optimization-worker (e2e, real Redis)', () => {
  const { keys, env: apiKeys } = testApiKeys({ operator: ['perf:optimize'] });
  let redis: ThrowawayRedis;
  let app: NestFastifyApplication;
  let http: HttpTestClient;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    const config = loadWorkerConfig({ REDIS_URL: redis.url, HOTPATH_API_KEYS: apiKeys, LOG_LEVEL: 'warn' });
    app = await createHttpApp(AppModule.forRoot(config), config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    http = httpClient(await app.getUrl());
    await Promise.all(
      Object.values(Queues).map((name) => app.get<Queue>(getQueueToken(name)).waitUntilReady()),
    );
  });

  afterAll(async () => {
    await app?.close();
    await redis?.kill();
  });

  it('is ready when its BullMQ connection to every queue and its database pool answer', async () => {
    const response = await http.get('/health/ready');
    expect(response.status).toBe(200);
    expect(Object.keys(((await response.json()) as HealthReport).info).sort()).toEqual([
      'bullmq:hotpath.cache-warm',
      'bullmq:hotpath.optimization',
      'bullmq:hotpath.write-behind',
      'postgres',
      'redis-queue',
    ]);
  });

  it('serves /metrics without a key and nothing else, even with one', async () => {
    expect((await http.get('/metrics')).status).toBe(200);
    expect((await http.get('/api/v2/performance/optimize', keys.operator.raw)).status).toBe(404);
  });

  it('reports the jobs of each queue by state on /metrics, as the autoscaler reads them', async () => {
    const queue = app.get<Queue>(getQueueToken(Queues.CacheWarm));
    await queue.add('warm', { namespace: 'metrics-test', source: 'hot-keys' } as never, { delay: 60_000 });
    await queue.add('warm', { namespace: 'metrics-test', source: 'hot-keys' } as never);
    const text = await (await http.get('/metrics')).text();
    expect(text).toContain('bullmq_queue_jobs{queue="hotpath.cache-warm",state="delayed"');
    const value = (state: string) =>
      Number(new RegExp(`bullmq_queue_jobs\\{queue="hotpath.cache-warm",state="${state}"[^}]*\\} (\\d+)`).exec(text)?.[1]);
    expect(value('delayed')).toBe(1);
    expect(value('waiting') + value('active') + value('completed')).toBe(1);
    expect(text).toContain('bullmq_queue_jobs{queue="hotpath.optimization",state="waiting"');
    expect(text).toMatch(/db_pool_connections\{[^}]*pool="analysis-primary"[^}]*state="max"[^}]*\} 10/);
  });

  it('turns /health/ready to 503 when Redis goes away, and stays live', async () => {
    const queueClient = await app.get<Queue>(getQueueToken(Queues.Optimization)).getBackend().client;
    const closed = once(queueClient as unknown as NodeJS.EventEmitter, 'close');
    await redis.kill();
    await closed;
    const response = await http.get('/health/ready');
    expect(response.status).toBe(503);
    expect(((await response.json()) as HealthReport).error['bullmq:hotpath.optimization'].status).toBe(
      'down',
    );
    expect((await http.get('/health/live')).status).toBe(200);
  });
});
