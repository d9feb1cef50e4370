import { once } from 'node:events';
import { InvalidationBus, type InvalidationMessage, RedisL2Tier } from '@hotpath/cache';
import { Queues } from '@hotpath/contracts';
import { RedisRateLimiter } from '@hotpath/platform';
import { type Job, Queue, Worker } from 'bullmq';
import { APPS } from '../src/app-contract';
import { type AclRedis, startAclRedis } from './support/acl-redis';

/**
 * What the apps do on the two Redis, done under their own ACL users with the libraries they use
 * (BullMQ, the rate limiter, the invalidation bus, the L2 tier): nothing an app needs is refused.
 * The transport has its own suite (redis-acl-transport.int-spec.ts).
 */

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
