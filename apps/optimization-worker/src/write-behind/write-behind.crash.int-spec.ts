import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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
import { Redis } from 'ioredis';
import pg from 'pg';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';
const WRITES = 10_000;
const KEYS = 1_000;
const CONCURRENCY = 32;
const PENDING = (namespace: string) => `bull:hotpath.write-behind:wb:{${namespace}}:pending`;

/**
 * Write-behind end to end, each part a process of its own: two cache-service instances take
 * 10,000 writes over 1,000 keys while the optimization-worker flushing them to PostgreSQL is
 * SIGKILLed in the middle of a batch and started again. Every acknowledged write must reach the
 * table, and each key must end at its last acknowledged version, never an older one.
 */
describe('write-behind without loss (e2e: real cache-service and worker processes, Redis, PostgreSQL)', () => {
  const { env: apiKeys, keys } = testApiKeys({ admin: ['cache:read', 'cache:write', 'cache:admin'] });
  const schema = `wb_crash_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const namespace = `wb-crash-${randomUUID().slice(0, 8)}`;
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  let redis: ThrowawayRedis;
  let admin: Redis;
  const services: ServiceProcess[] = [];
  const clients: HttpTestClient[] = [];
  let worker: ServiceProcess | undefined;

  const startWorker = async (): Promise<ServiceProcess> =>
    startServiceProcess('optimization-worker', {
      REDIS_URL: redis.url,
      DATABASE_URL,
      HOTPATH_API_KEYS: apiKeys,
      WORKER_HEALTH_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });

  const put = (client: HttpTestClient, key: string, body: Record<string, unknown>) =>
    client.request('PUT', `/api/v2/cache/entries/${encodeURIComponent(key)}`, {
      key: keys.admin.raw,
      body: { namespace, ...body },
    });

  const setPolicy = async (policy: Record<string, unknown>): Promise<void> => {
    const response = await clients[0].request('POST', '/api/v2/cache/policies', {
      key: keys.admin.raw,
      body: policy,
    });
    expect(response.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    admin = new Redis(redis.url);
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${schema}.entries (k text PRIMARY KEY, v jsonb, ver bigint NOT NULL)`);
    for (const instanceId of ['wb-a', 'wb-b']) {
      const port = await freePort();
      services.push(
        await startServiceProcess('cache-service', {
          REDIS_URL: redis.url,
          DATABASE_URL,
          HOTPATH_API_KEYS: apiKeys,
          INSTANCE_ID: instanceId,
          CACHE_SERVICE_PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          // The test's one key writes far faster than the default 500/s fleet-wide limit.
          RATE_LIMIT_PER_SECOND: '1000000',
          RATE_LIMIT_BURST: '1000000',
        }),
      );
      clients.push(httpClient(`http://127.0.0.1:${port}`));
    }
    worker = await startWorker();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(services.map((service) => service.stop()));
    admin?.disconnect();
    await redis?.kill();
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('loses no acknowledged write and never stores an older version over a newer one', async () => {
    await setPolicy({
      namespace,
      strategy: 'write-behind',
      writeBehind: {
        sink: {
          kind: 'postgres',
          table: `${schema}.entries`,
          keyColumn: 'k',
          valueColumn: 'v',
          versionColumn: 'ver',
        },
        batchSize: 200,
        flushIntervalMs: 100,
      },
    });
    await sleep(1_500); // every instance applies a policy within 1 s

    // The last acknowledged version (and its value) of every key; versions order one key's writes.
    const acknowledged = new Map<string, { version: number; value: number }>();
    let next = 0;
    let acknowledgedWrites = 0;
    /** Statuses of refused attempts: a loaded 2-core machine may time out an L2 call (504, 503 once its breaker opens); the client retries, and each retry is a newer version. */
    const refusals: Record<number, number> = {};
    const writer = async (): Promise<void> => {
      for (let i = next++; i < WRITES; i = next++) {
        const key = `key-${i % KEYS}`;
        for (let attempt = 0; attempt < 10; attempt++) {
          const response = await put(clients[(i + attempt) % 2], key, { value: { i } });
          if (response.status !== 200) {
            refusals[response.status] = (refusals[response.status] ?? 0) + 1;
            await response.arrayBuffer();
            await sleep(50);
            continue;
          }
          const { version } = (await response.json()) as { version: number };
          acknowledgedWrites++;
          const seen = acknowledged.get(key);
          if (!seen || seen.version < version) acknowledged.set(key, { version, value: i });
          break;
        }
      }
    };
    const writing = Promise.all(Array.from({ length: CONCURRENCY }, writer));

    // SIGKILL the worker once it has flushed part of the stream, while batches are being written.
    const rowsAtKill = await (async () => {
      for (;;) {
        const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.entries`);
        if (Number(rows[0].n) >= 100) return Number(rows[0].n);
        await sleep(20);
      }
    })();
    await worker?.kill();
    const writtenAtKill = next;
    await sleep(1_000);
    worker = await startWorker();
    await writing;

    expect(acknowledgedWrites).toBe(WRITES);
    expect(Object.keys(refusals).filter((status) => status !== '503' && status !== '504')).toEqual([]);
    expect(writtenAtKill).toBeLessThan(WRITES);
    expect(rowsAtKill).toBeLessThan(KEYS);
    expect(acknowledged.size).toBe(KEYS);

    // Everything flushed: nothing pending in Redis (the restarted worker took over the killed flush).
    const deadline = Date.now() + 90_000;
    while ((await admin.hlen(PENDING(namespace))) > 0 && Date.now() < deadline) await sleep(200);
    expect(await admin.hlen(PENDING(namespace))).toBe(0);

    const { rows } = await pool.query<{ k: string; v: { i: number }; ver: string }>(
      `SELECT k, v, ver FROM ${schema}.entries`,
    );
    const stored = new Map(rows.map((row) => [row.k, { version: Number(row.ver), value: row.v.i }]));
    const lost = [...acknowledged].filter(([key]) => !stored.has(key));
    const olderOverNewer = [...acknowledged].filter(
      ([key, last]) => (stored.get(key)?.version ?? 0) < last.version,
    );
    const newerThanAcknowledged = [...acknowledged].filter(
      ([key, last]) => (stored.get(key)?.version ?? 0) > last.version,
    );
    expect(lost).toEqual([]);
    expect(olderOverNewer).toEqual([]);
    expect(newerThanAcknowledged).toEqual([]);
    expect([...acknowledged].filter(([key, last]) => stored.get(key)?.value !== last.value)).toEqual([]);
  }, 240_000);

  it('shows the backlog on /status and refuses writes past maxPending with 503 and Retry-After', async () => {
    const bounded = `${namespace}-bounded`;
    await worker?.kill();
    worker = undefined;
    await setPolicy({
      namespace: bounded,
      strategy: 'write-behind',
      writeBehind: {
        sink: {
          kind: 'postgres',
          table: `${schema}.entries`,
          keyColumn: 'k',
          valueColumn: 'v',
          versionColumn: 'ver',
        },
        maxPending: 5,
        flushIntervalMs: 2_000,
      },
    });
    await sleep(1_500);
    const write = (key: string) =>
      clients[0].request('PUT', `/api/v2/cache/entries/${key}`, {
        key: keys.admin.raw,
        body: { namespace: bounded, value: key },
      });
    for (let i = 0; i < 5; i++) expect((await write(`b${i}`)).status).toBe(200);
    const refused = await write('b5');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(JSON.stringify(await refused.json())).toContain('waiting for its write-behind sink');
    // The refused write was not cached either.
    const read = await clients[1].get(`/api/v2/cache/entries/b5?namespace=${bounded}`, keys.admin.raw);
    expect(read.status).toBe(404);
    // A key already waiting still takes a newer value (the backlog does not grow).
    expect((await write('b0')).status).toBe(200);

    await sleep(2_500); // the status' backlog is read every 2 s
    const status = (await (await clients[0].get('/api/v2/cache/status', keys.admin.raw)).json()) as {
      writeBehind: { backlog: Array<{ namespace: string; pending: number; maxPending: number }> };
    };
    expect(status.writeBehind.backlog).toContainEqual({ namespace: bounded, pending: 5, maxPending: 5 });
  }, 60_000);
});
