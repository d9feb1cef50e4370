import { once } from 'node:events';
import { InvalidationBus, type InvalidationMessage, RedisL2Tier } from '@hotpath/cache';
import { Queues } from '@hotpath/contracts';
import { RedisRateLimiter } from '@hotpath/platform';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APPS } from '../src/app-contract';
import { type AclRedis, startAclRedis } from './support/acl-redis';

/**
 * What the apps do on the two Redis, done under their own ACL users with the libraries they use
 * (BullMQ, the rate limiter, the invalidation bus, the L2 tier) and, for the transport, the
 * commands libs/transport sends: nothing an app needs is refused.
 */

const GROUP = 'replicas';
const requests = (service: string) => `hotpath:rpc:{${service}}:requests`;
const instanceStream = (service: string, id: string) => `hotpath:rpc:{${service}}:instance:${id}`;
const presence = (service: string) => `hotpath:rpc:{${service}}:instances`;
const replies = (clientId: string) => `hotpath:rpc:reply:{${clientId}}`;

type StreamReply = [string, [string, string[]][]][] | null;
// Lower-case command names in `call`: ioredis 6 speaks RESP3 and reshapes XREAD's and XREADGROUP's
// replies into the RESP2 form only for the names it knows, which are lower-case.

/** A replica of `service` serving one request as the transport server does, under `server`'s user. */
async function serveOne(server: Redis, stream: string, consumer: string): Promise<string[]> {
  await server.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
    if (!error.message.includes('BUSYGROUP')) throw error;
  });
  const read = (await server.call(
    'xreadgroup',
    'GROUP',
    GROUP,
    consumer,
    'COUNT',
    10,
    'BLOCK',
    1000,
    'STREAMS',
    stream,
    '>',
  )) as StreamReply;
  const [entryId, fields] = read?.[0]?.[1]?.[0] ?? [];
  if (!entryId || !fields) throw new Error(`nothing to serve on ${stream}`);
  // The reclaimer's view of entries pending too long (none here: this replica holds it).
  await server.call('XAUTOCLAIM', stream, GROUP, consumer, 60_000, '0-0', 'COUNT', 10, 'JUSTID');
  await server.call('XCLAIM', stream, GROUP, consumer, 0, entryId, 'JUSTID');
  const replyTo = fields[fields.indexOf('r') + 1];
  if (fields.includes('r')) {
    await server.xadd(
      replyTo,
      'MAXLEN',
      '~',
      10_000,
      '*',
      'i',
      fields[fields.indexOf('i') + 1],
      'o',
      '{"response":1}',
    );
    await server.pexpire(replyTo, 60_000);
  }
  await server.xack(stream, GROUP, entryId);
  await server.xdel(stream, entryId);
  return fields;
}

describe('the apps’ work on the queue Redis, each as its own user', () => {
  let redis: AclRedis;
  const as = (app: string) => redis.connect(app);
  // BullMQ's and the bus's own connections, closed here even when a test timed out mid-way.
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    redis = await startAclRedis('queue');
  });
  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()));
    await redis?.stop();
  });

  it('carries a request from the performance-service to a cache-service replica and its reply back', async () => {
    const client = as('performance-service');
    const server = as('cache-service');
    await server.hset(presence('cache-service'), 'pod-1', String(Date.now()));
    await expect(client.hgetall(presence('cache-service'))).resolves.toHaveProperty('pod-1');
    const replyTo = replies('0d8f5c1e-3b7a-4f11-9a53-6c2d8e4b7f90');
    await server.xgroup('CREATE', requests('cache-service'), GROUP, '$', 'MKSTREAM');
    await client.xadd(
      requests('cache-service'),
      'MAXLEN',
      '~',
      100_000,
      '*',
      'p',
      'cache.get',
      'd',
      '{}',
      'i',
      'r-1',
      'k',
      'hp_key',
      'r',
      replyTo,
      'x',
      String(Date.now() + 5000),
    );

    const fields = await serveOne(server, requests('cache-service'), 'pod-1');
    expect(fields).toEqual(expect.arrayContaining(['p', 'cache.get', 'k', 'hp_key']));
    const read = (await client.call(
      'xread',
      'COUNT',
      10,
      'BLOCK',
      1000,
      'STREAMS',
      replyTo,
      '0-0',
    )) as StreamReply;
    const [lastId, reply] = read?.[0]?.[1]?.[0] ?? [];
    expect(reply).toEqual(['i', 'r-1', 'o', '{"response":1}']);
    await client.xtrim(replyTo, 'MINID', lastId ?? '0-0');
    await client.del(replyTo);
    // The server forgets a dead replica: its presence and its own stream.
    await server.xadd(instanceStream('cache-service', 'pod-9'), '*', 'p', 'x');
    await server.hdel(presence('cache-service'), 'pod-9');
    await expect(server.del(instanceStream('cache-service', 'pod-9'))).resolves.toBe(1);
  });

  it('delivers perf.report events from every app and perf.cpu-profile to one worker instance', async () => {
    const performance = as('performance-service');
    await performance.xgroup('CREATE', requests('performance-service'), GROUP, '$', 'MKSTREAM');
    for (const app of APPS) {
      await as(app).xadd(
        requests('performance-service'),
        'MAXLEN',
        '~',
        100_000,
        '*',
        'p',
        'perf.report',
        'd',
        '{}',
        'k',
        `key-of-${app}`,
      );
      const fields = await serveOne(performance, requests('performance-service'), 'pod-1');
      expect(fields).toEqual(expect.arrayContaining(['p', 'perf.report', 'k', `key-of-${app}`]));
    }
    const worker = as('optimization-worker');
    const own = instanceStream('optimization-worker', 'worker-pod-1');
    await worker.xgroup('CREATE', own, GROUP, '$', 'MKSTREAM');
    const replyTo = replies('6a1f0b2c-4d5e-4f60-8a71-9b8c7d6e5f40');
    await performance.xadd(
      own,
      '*',
      'p',
      'perf.cpu-profile',
      'd',
      '{"seconds":1}',
      'i',
      'r-2',
      'k',
      'hp_key',
      'r',
      replyTo,
    );
    await serveOne(worker, own, 'worker-pod-1');
    await expect(performance.xlen(replyTo)).resolves.toBe(1);
  });

  it('moves a warm job from the cache-service through the worker, and lets the performance-service read it', async () => {
    const producer = new Queue(Queues.CacheWarm, { connection: redis.options('cache-service') });
    const reader = new Queue(Queues.CacheWarm, { connection: redis.options('performance-service') });
    const wrongQueue = new Queue(Queues.WriteBehind, { connection: redis.options('performance-service') });
    const worker = new Worker(
      Queues.CacheWarm,
      async (job: Job) => ({ warmed: (job.data as { keys: string[] }).keys.length }),
      {
        connection: redis.options('optimization-worker'),
      },
    );
    for (const queue of [producer, reader, wrongQueue]) {
      queue.on('error', () => undefined);
      closers.push(() => queue.close());
    }
    worker.on('error', () => undefined);
    closers.unshift(() => worker.close(true));

    const completed = once(worker, 'completed');
    const job = await producer.add('warm', { namespace: 'auth', keys: ['a', 'b'] });
    await completed;
    const seen = await reader.getJob(job.id ?? '');
    await expect(seen?.getState()).resolves.toBe('completed');
    expect(seen?.returnvalue).toEqual({ warmed: 2 });
    await expect(reader.getJobCounts('completed')).resolves.toEqual({ completed: 1 });
    // The write-behind queue is the cache-service's and the worker's only.
    await expect(wrongQueue.add('flush', {})).rejects.toThrow(/NOPERM/);
  });

  it.each(APPS.map((app) => [app]))('lets %s rate-limit with the shared fleet-wide buckets', async (app) => {
    const limiter = new RedisRateLimiter(as(app));
    const decision = await limiter.consume(`acl-test-${app}`, { perSecond: 10, burst: 5 });
    expect(decision).toMatchObject({ allowed: true, remaining: 4 });
  });

  it('carries the cache-service’s invalidation bus between two instances, and no other app may join', async () => {
    const publisher = as('cache-service');
    const bus = (instanceId: string) =>
      new InvalidationBus({ publisher, createSubscriber: () => as('cache-service'), instanceId });
    const [a, b] = [bus('a'), bus('b')];
    closers.push(
      () => a.stop(),
      () => b.stop(),
    );
    await Promise.all([a.start(), b.start()]);
    const received = new Promise<InvalidationMessage>((resolve) => b.onMessage(resolve));
    await a.publish({ kind: 'keys', namespace: 'auth', keys: ['k'] });
    await expect(received).resolves.toMatchObject({ kind: 'keys', keys: ['k'] });
    const other = redis.connect('performance-service', { maxRetriesPerRequest: 0 });
    await expect(other.subscribe(a.channel)).rejects.toThrow(/NOPERM/);
    await expect(as('cache-service').subscribe('hotpath:cache:policies')).resolves.toBe(1);
  });
});

describe('the cache-service’s L2 on the cache Redis, as its user', () => {
  let redis: AclRedis;

  beforeAll(async () => {
    redis = await startAclRedis('cache');
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('writes, reads, scans, locks and clears a namespace with the L2 tier', async () => {
    const l2 = new RedisL2Tier({ redis: redis.connect('cache-service'), operationTimeoutMs: 1000 });
    const now = Date.now();
    const envelope = {
      value: { ok: true },
      version: 1,
      createdAt: now,
      expiresAt: now + 60_000,
      staleUntil: now + 120_000,
      tags: ['t'],
    };
    await l2.set('auth', 'user:1', envelope);
    await expect(l2.get('auth', 'user:1')).resolves.toMatchObject({ value: { ok: true }, version: 1 });
    await expect(l2.scanKeys('auth', 'user:*', undefined, 10)).resolves.toMatchObject({ keys: ['user:1'] });
    const token = await l2.acquireLock('auth', 'user:1', 1000);
    expect(token).toBeDefined();
    await expect(l2.releaseLock('auth', 'user:1', token ?? '')).resolves.toBe(true);
    await expect(l2.deleteByTags('auth', ['t'])).resolves.toBe(1);
    await l2.set('auth', 'user:2', envelope);
    await expect(l2.clear('auth')).resolves.toBe(1);
    await expect(redis.admin.dbsize()).resolves.toBe(0);
  });
});
