import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CacheWarmJobs, type CacheWarmJobResult, type CacheWarmProgress, Queues } from '@hotpath/contracts';
import { readFleetHotKeys } from '@hotpath/cache';
import { createHttpApp } from '@hotpath/platform';
import {
  freePort,
  httpClient,
  type HttpTestClient,
  type ServiceProcess,
  startServiceProcess,
  startThrowawayRedis,
  testApiKeys,
  type ThrowawayRedis,
} from '@hotpath/testing';
import { type Job, type JobsOptions, type Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AppModule } from '../src/app.module';
import { loadWorkerConfig } from '../src/config';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

/**
 * Cache warming end to end: a real cache-service process and the worker on a Redis of their own,
 * warm sources in the local PostgreSQL and on a local HTTP server.
 */
describe('cache warming (e2e: worker, cache-service process, real Redis, PostgreSQL, BullMQ)', () => {
  const { env: apiKeys, keys } = testApiKeys({ admin: ['cache:read', 'cache:write', 'cache:admin'] });
  const schema = `warm_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const namespaces: string[] = [];
  let redis: ThrowawayRedis;
  let admin: Redis;
  let db: pg.Pool;
  let cacheService: ServiceProcess;
  let cache: HttpTestClient;
  let worker: NestFastifyApplication;
  let queue: Queue;
  let events: QueueEvents;
  let source: Server;
  let sourceUrl: string;
  const sourceCalls: Array<{ namespace: string; keys: string[] }> = [];

  const namespace = (label: string): string => {
    const name = `warm-${label}-${randomUUID().slice(0, 8)}`;
    namespaces.push(name);
    return name;
  };

  const setPolicy = async (policy: Record<string, unknown>): Promise<void> => {
    const response = await cache.request('POST', '/api/v2/cache/policies', {
      key: keys.admin.raw,
      body: policy,
    });
    expect([200, 201]).toContain(response.status);
  };

  const read = async (
    ns: string,
    key: string,
  ): Promise<{ status: number; tier?: string; value?: unknown }> => {
    const response = await cache.get(
      `/api/v2/cache/entries/${encodeURIComponent(key)}?namespace=${ns}`,
      keys.admin.raw,
    );
    if (response.status !== 200) return { status: response.status };
    const body = (await response.json()) as { tier: string; value: unknown };
    return { status: 200, tier: body.tier, value: body.value };
  };

  /** Queues a warm job, records its progress events, and waits until it completes or fails. */
  const runWarm = async (
    data: Record<string, unknown>,
    options: JobsOptions = {},
  ): Promise<{ job: Job; state: string; progress: CacheWarmProgress[]; result?: CacheWarmJobResult }> => {
    const progress: CacheWarmProgress[] = [];
    const job = await queue.add(CacheWarmJobs.Warm, data as never, options);
    const onProgress = ({ jobId, data: update }: { jobId: string; data: unknown }) => {
      if (jobId === job.id) progress.push(update as CacheWarmProgress);
    };
    events.on('progress', onProgress);
    try {
      const result = (await job.waitUntilFinished(events, 20_000)) as CacheWarmJobResult;
      return { job, state: 'completed', progress, result };
    } catch {
      return {
        job: (await queue.getJob(job.id as string)) as Job,
        state: await queue.getJobState(job.id as string),
        progress,
      };
    } finally {
      events.off('progress', onProgress);
    }
  };

  const deleteL2 = async (ns: string): Promise<number> => {
    let removed = 0;
    for await (const batch of admin.scanStream({ match: `hp:${ns}:e:*`, count: 1000 }) as AsyncIterable<
      string[]
    >) {
      if (batch.length > 0) removed += await admin.del(...batch);
    }
    return removed;
  };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    admin = new Redis(redis.url);
    db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.users (id text PRIMARY KEY, name text NOT NULL, plan text)`);
    await db.query(
      `INSERT INTO ${schema}.users SELECT 'u' || i, 'user ' || i, CASE WHEN i % 2 = 0 THEN 'pro' END FROM generate_series(1, 20) i`,
    );
    source = createServer((request, response) => void answerSource(request, response));
    async function answerSource(request: IncomingMessage, response: import('node:http').ServerResponse) {
      let body = '';
      for await (const chunk of request) body += String(chunk);
      const asked = JSON.parse(body) as { namespace: string; keys: string[] };
      sourceCalls.push(asked);
      if (asked.namespace.startsWith('warm-down-') || asked.keys.includes('boom')) {
        response.writeHead(500).end();
        return;
      }
      const values = Object.fromEntries(
        asked.keys.filter((key) => !key.startsWith('gone')).map((key) => [key, { id: key, via: 'http' }]),
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ values }));
    }
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}/load`;

    cacheService = await startServiceProcess('cache-service', {
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      CACHE_SERVICE_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL,
    });
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(cacheService.output())?.[1];
    cache = httpClient(`http://127.0.0.1:${port}`);

    // The jobs this suite fails on purpose would each log an error.
    const config = loadWorkerConfig({ REDIS_URL: redis.url, DATABASE_URL, LOG_LEVEL: 'fatal' });
    worker = await createHttpApp(AppModule.forRoot(config), config);
    await worker.listen({ port: 0, host: '127.0.0.1' });
    queue = worker.get<Queue>(getQueueToken(Queues.CacheWarm));
    events = new QueueEvents(Queues.CacheWarm, { connection: { url: redis.url } });
    await events.waitUntilReady();
  }, 60_000);

  afterAll(async () => {
    await events?.close();
    await worker?.close();
    await cacheService?.stop();
    await new Promise((resolve) => source?.close(resolve));
    if (db) {
      await db.query('DELETE FROM cache.policy_history WHERE namespace = ANY($1::text[])', [namespaces]);
      await db.query('DELETE FROM cache.policies WHERE namespace = ANY($1::text[])', [namespaces]);
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.end();
    }
    admin?.disconnect();
    await redis?.kill();
  });

  const pgSource = (extra: Record<string, unknown> = {}) => ({
    kind: 'postgres',
    query: `SELECT id AS key, to_jsonb(u) AS value FROM ${schema}.users u WHERE id = ANY($1)`,
    ...extra,
  });

  it('warms keys from a PostgreSQL source into L2, so that a cache-service read hits', async () => {
    const ns = namespace('pg');
    await setPolicy({ namespace: ns, ttlSeconds: 600, warmSource: pgSource({ batchSize: 2 }) });

    const run = await runWarm({ namespace: ns, keys: ['u1', 'u2', 'u3', 'nobody'] });

    expect(run.state).toBe('completed');
    expect(run.result).toMatchObject({
      keysFrom: 'job',
      source: 'postgres',
      total: 4,
      done: 4,
      percent: 100,
    });
    expect(run.result).toMatchObject({ cached: 0, loaded: 3, missing: 1, failed: 0 });
    // Progress after each batch of two: the counts grow to the result.
    expect(run.progress.map((update) => update.done)).toEqual(expect.arrayContaining([2, 4]));
    expect(await read(ns, 'u2')).toEqual({
      status: 200,
      tier: 'l2',
      value: { id: 'u2', name: 'user 2', plan: 'pro' },
    });
    expect((await read(ns, 'u2')).tier).toBe('l1');
    expect((await read(ns, 'nobody')).status).toBe(404);

    // A second run loads nothing that L2 still holds fresh.
    const again = await runWarm({ namespace: ns, keys: ['u1', 'u2', 'u3', 'nobody'], source: 'postgres' });
    expect(again.result).toMatchObject({ cached: 3, loaded: 0, missing: 1, failed: 0 });
  });

  it('runs the source query read-only and under its statement timeout', async () => {
    const ns = namespace('pg-slow');
    await setPolicy({
      namespace: ns,
      warmSource: pgSource({
        timeoutMs: 100,
        query: `SELECT k AS key, pg_sleep(1)::text AS value FROM unnest($1::text[]) k`,
      }),
    });
    const slow = await runWarm({ namespace: ns, keys: ['a'] }, { attempts: 1 });
    expect(slow.state).toBe('failed');
    expect(slow.job.failedReason).toMatch(/statement timeout/);
    expect(slow.job.progress).toMatchObject({ failed: 1, loaded: 0 });

    const writer = namespace('pg-write');
    await setPolicy({
      namespace: writer,
      warmSource: pgSource({
        query: `INSERT INTO ${schema}.users SELECT k, 'x' FROM unnest($1::text[]) k RETURNING id AS key, name AS value`,
      }),
    });
    const write = await runWarm({ namespace: writer, keys: ['intruder'] }, { attempts: 1 });
    expect(write.job.failedReason).toMatch(/read-only transaction/);
    expect((await db.query(`SELECT 1 FROM ${schema}.users WHERE id = 'intruder'`)).rowCount).toBe(0);
  });

  it('warms from an HTTP source, counting a failing batch as failed and absent keys as missing', async () => {
    const ns = namespace('http');
    await setPolicy({
      namespace: ns,
      warmSource: { kind: 'http', url: sourceUrl, batchSize: 2, name: 'profiles' },
    });

    const run = await runWarm({ namespace: ns, keys: ['a', 'b', 'boom', 'c', 'gone-1'], source: 'profiles' });

    expect(run.state).toBe('completed');
    expect(run.result).toMatchObject({
      source: 'profiles',
      total: 5,
      loaded: 2,
      failed: 2,
      missing: 1,
      cached: 0,
    });
    expect(sourceCalls.filter((call) => call.namespace === ns).map((call) => call.keys)).toEqual([
      ['a', 'b'],
      ['boom', 'c'],
      ['gone-1'],
    ]);
    expect(await read(ns, 'a')).toMatchObject({ status: 200, tier: 'l2', value: { id: 'a', via: 'http' } });
    expect((await read(ns, 'c')).status).toBe(404);
  });

  it('fails a job whose source is down after its retries, with the counts in its progress', async () => {
    const ns = namespace('down');
    await setPolicy({ namespace: ns, warmSource: { kind: 'http', url: sourceUrl } });
    const run = await runWarm(
      { namespace: ns, keys: ['x', 'y'] },
      { attempts: 2, backoff: { type: 'exponential', delay: 10 } },
    );
    expect(run.state).toBe('failed');
    expect(run.job.attemptsMade).toBe(2);
    expect(run.job.failedReason).toMatch(/every load from http failed \(2 keys/);
    expect(run.job.progress).toMatchObject({ failed: 2, loaded: 0, missing: 0 });
  });

  it.each([
    ['an unknown source', { source: 'nope' }, /UNKNOWN_SOURCE/],
    ['a bad namespace', { namespace: 'Not A Namespace' }, /bad warm payload: namespace/],
    ['a key with a control character', { keys: ['a\u0001'] }, /bad warm payload: keys.0/],
  ])('fails %s at once, without retrying', async (_case, override, reason) => {
    const ns = namespace('bad');
    await setPolicy({ namespace: ns, warmSource: pgSource() });
    const run = await runWarm(
      { namespace: ns, keys: ['u1'], ...override },
      { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    );
    expect(run.state).toBe('failed');
    expect(run.job.attemptsMade).toBe(1);
    expect(run.job.failedReason).toMatch(reason);
  });

  it('keeps to the source rate limit', async () => {
    const ns = namespace('rate');
    await setPolicy({ namespace: ns, warmSource: pgSource({ batchSize: 1, callsPerSecond: 4 }) });
    const started = performance.now();
    const run = await runWarm({ namespace: ns, keys: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'] });
    // A burst of 4, then one call every 250 ms: the last four wait about a second.
    expect(run.result).toMatchObject({ loaded: 8 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('warms the fleet hot-key set that cache-service instances publish when a job names no keys', async () => {
    const ns = namespace('hot');
    await setPolicy({ namespace: ns, ttlSeconds: 600, warmSource: pgSource() });
    for (const key of ['u5', 'u6', 'u7']) {
      const put = await cache.request('PUT', `/api/v2/cache/entries/${key}`, {
        key: keys.admin.raw,
        body: { namespace: ns, value: { stale: true } },
      });
      expect(put.status).toBe(200);
      for (let i = 0; i < 5; i++) await read(ns, key);
    }
    // The instance publishes every 10 s; L2 then loses the keys (allkeys-lru, say).
    let hot: string[] = [];
    for (const deadline = Date.now() + 15_000; hot.length < 3 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      hot = await readFleetHotKeys(admin, ns, { limit: 10 });
    }
    expect(hot.sort()).toEqual(['u5', 'u6', 'u7']);
    expect(await deleteL2(ns)).toBe(3);

    const run = await runWarm({ namespace: ns, source: 'hot-keys' });

    expect(run.result).toMatchObject({ keysFrom: 'hot-keys', total: 3, loaded: 3, missing: 0, failed: 0 });
    // The warmed version replaced the instance's L1 copy: its next read comes from L2 with the source's value.
    expect(await read(ns, 'u6')).toEqual({
      status: 200,
      tier: 'l2',
      value: { id: 'u6', name: 'user 6', plan: 'pro' },
    });
  }, 40_000);

  it('completes an empty warm job of a namespace nobody reads, with zero counts', async () => {
    const ns = namespace('cold');
    const run = await runWarm({ namespace: ns });
    expect(run.result).toMatchObject({ keysFrom: 'hot-keys', total: 0, done: 0, percent: 100, source: null });
  });
});
