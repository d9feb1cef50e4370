import { once } from 'node:events';
import {
  cachePolicySchema,
  InvalidationBus,
  type InvalidationMessage,
  publishHotKeys,
  readFleetHotKeys,
  RedisL2Tier,
  RedisWriteBehindBuffer,
  StaticPolicySource,
  TieredCache,
  WriteBehindFlusher,
  WriteBehindKeys,
  type WriteBehindEntry,
} from '@hotpath/cache';
import { Queues, WriteBehindJobs } from '@hotpath/contracts';
import { RedisRateLimiter } from '@hotpath/platform';
import { type Job, Queue, Worker } from 'bullmq';
import { APPS } from '../src/app-contract';
import { type AclRedis, startAclRedis } from './support/acl-redis';

/**
 * What the apps do on the two Redis, done under their own ACL users with the libraries they use
 * (BullMQ, the rate limiter, the invalidation bus, the L2 tier): nothing an app needs is refused.
 * The transport has its own suite (redis-acl-transport.int-spec.ts).
 */

/** A cache-service instance's L2 envelope around `value`, valid for a minute. */
function envelope(value: unknown) {
  const now = Date.now();
  return {
    value,
    version: 1,
    createdAt: now,
    expiresAt: now + 60_000,
    staleUntil: now + 120_000,
    tags: ['t'],
  };
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
    await l2.set('auth', 'user:1', envelope({ ok: true }));
    await expect(l2.get('auth', 'user:1')).resolves.toMatchObject({ value: { ok: true }, version: 1 });
    await expect(l2.scanKeys('auth', 'user:*', undefined, 10)).resolves.toMatchObject({ keys: ['user:1'] });
    const token = await l2.acquireLock('auth', 'user:1', 1000);
    expect(token).toBeDefined();
    await expect(l2.releaseLock('auth', 'user:1', token ?? '')).resolves.toBe(true);
    await expect(l2.deleteByTags('auth', ['t'])).resolves.toBe(1);
    await l2.set('auth', 'user:2', envelope({ ok: true }));
    await expect(l2.clear('auth')).resolves.toBe(1);
    await expect(redis.admin.dbsize()).resolves.toBe(0);
  });
});

describe('the worker’s cache warming on both Redis, as its users (apps/optimization-worker/src/cache-warm)', () => {
  let queue: AclRedis;
  let cache: AclRedis;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    [queue, cache] = await Promise.all([startAclRedis('queue'), startAclRedis('cache')]);
  });
  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()));
    await Promise.all([queue?.stop(), cache?.stop()]);
  });

  it('reads the hot-key lists the cache-service instances publish, and may not publish one', async () => {
    const lists = [{ namespace: 'auth', keys: ['user:1', 'user:2'] }];
    await publishHotKeys(queue.connect('cache-service'), lists, { instanceId: 'cache-a', ttlMs: 60_000 });
    await publishHotKeys(
      queue.connect('cache-service'),
      [{ namespace: 'auth', keys: ['user:2', 'user:3'] }],
      {
        instanceId: 'cache-b',
        ttlMs: 60_000,
      },
    );
    const worker = queue.connect('optimization-worker');
    await expect(readFleetHotKeys(worker, 'auth', { limit: 10 })).resolves.toEqual([
      'user:2',
      'user:1',
      'user:3',
    ]);
    await expect(
      publishHotKeys(worker, lists, { instanceId: 'optimization-worker', ttlMs: 60_000 }),
    ).rejects.toThrow(/EXECABORT/);
    // Its MULTI is discarded whole: each queued write was refused (NOPERM), nothing was written.
    await expect(
      queue.admin.exists('hotpath:cache:hot-keys:{auth}:instance:optimization-worker'),
    ).resolves.toBe(0);
    await expect(queue.admin.zrange('hotpath:cache:hot-keys:{auth}:instances', '0', '-1')).resolves.toEqual([
      'cache-a',
      'cache-b',
    ]);
    await expect(
      readFleetHotKeys(queue.connect('performance-service'), 'auth', { limit: 10 }),
    ).rejects.toThrow(/NOPERM/);
  });

  it('loads keys into L2 through the tiered cache as the runtime builds it, for the cache-service to read, and announces them on the bus', async () => {
    // The worker's side, as CacheWarmRuntime builds it: L2 on the cache Redis, bus on the queue Redis.
    const publisher = queue.connect('optimization-worker');
    const workerBus = new InvalidationBus({
      publisher,
      createSubscriber: () => queue.connect('optimization-worker'),
      instanceId: 'optimization-worker:pod-1',
    });
    // A cache-service instance's bus, which must hear the worker.
    const cacheBus = new InvalidationBus({
      publisher: queue.connect('cache-service'),
      createSubscriber: () => queue.connect('cache-service'),
      instanceId: 'cache-service:pod-1',
    });
    closers.push(
      () => workerBus.stop(),
      () => cacheBus.stop(),
    );
    await Promise.all([workerBus.start(), cacheBus.start()]);
    const heard: InvalidationMessage[] = [];
    cacheBus.onMessage((message) => heard.push(message));

    const policies = new StaticPolicySource();
    // What CacheWarmer puts before it loads: L2 only (the worker's L1 serves no reader).
    policies.put({ ...cachePolicySchema.parse({ namespace: 'auth' }), tiers: ['l2'] });
    const warm = new TieredCache({
      instanceId: 'optimization-worker:pod-1',
      policies,
      l2: new RedisL2Tier({ redis: cache.connect('optimization-worker'), operationTimeoutMs: 1000 }),
      bus: workerBus,
      idleNamespaceMs: 60_000,
    });
    const hits = await warm.getOrLoadMany(
      'auth',
      ['user:1', 'user:2'],
      async (keys) => new Map(keys.map((key) => [key, { id: key }])),
    );
    expect([...hits.values()].map((hit) => hit.tier)).toEqual(['loader', 'loader']);
    // Loaded once and for all: a second warm of the same keys finds them in L2.
    const again = await warm.getOrLoadMany('auth', ['user:1'], async () => {
      throw new Error('loaded twice');
    });
    expect(again.get('user:1')?.tier).toBe('l2');

    const l2 = new RedisL2Tier({ redis: cache.connect('cache-service'), operationTimeoutMs: 1000 });
    await expect(l2.get('auth', 'user:1')).resolves.toMatchObject({ value: { id: 'user:1' } });
    await expect(l2.get('auth', 'user:2')).resolves.toMatchObject({ value: { id: 'user:2' } });

    // What it warms drops other instances' older L1 copies: the worker publishes, the cache-service hears.
    await workerBus.publish({ kind: 'keys', namespace: 'auth', keys: ['user:1'] });
    await expectEventually(() =>
      heard.some((message) => message.kind === 'keys' && message.keys.includes('user:1')),
    );
    // The policy channel stays the cache-service's.
    await expect(queue.connect('optimization-worker').subscribe('hotpath:cache:policies')).rejects.toThrow(
      /NOPERM/,
    );
  });

  it('writes L2 entries, tag sets and load locks by name, but may not list or clear a namespace', async () => {
    const l2 = new RedisL2Tier({ redis: cache.connect('optimization-worker'), operationTimeoutMs: 1000 });
    await l2.set('orders', 'order:1', envelope({ total: 1 }));
    await expect(l2.get('orders', 'order:1')).resolves.toMatchObject({ value: { total: 1 } });
    const token = await l2.acquireLock('orders', 'order:1', 1000);
    expect(token).toBeDefined();
    await expect(l2.releaseLock('orders', 'order:1', token ?? '')).resolves.toBe(true);
    // GET /keys and POST /clear are the cache-service's: they SCAN, which the worker may not.
    await expect(l2.scanKeys('orders', '*', undefined, 10)).rejects.toThrow(/NOPERM/);
    await expect(cache.admin.exists(...(await cache.admin.keys('hp:orders:e:*')))).resolves.toBe(1);
  });
});

describe('lossless write-behind on the queue Redis, as the cache-service and the worker', () => {
  let redis: AclRedis;
  const closers: (() => Promise<unknown>)[] = [];
  const namespace = 'orders';
  const policy = cachePolicySchema.parse({
    namespace,
    strategy: 'write-behind',
    writeBehind: {
      sink: { kind: 'http', url: 'http://sink.invalid/orders' },
      batchSize: 2,
      flushIntervalMs: 60_000,
      maxPending: 100,
    },
  });

  beforeAll(async () => {
    redis = await startAclRedis('queue');
  });
  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()));
    await redis?.stop();
  });

  const queueAs = (app: string): Queue => {
    const queue = new Queue(Queues.WriteBehind, { connection: redis.options(app) });
    queue.on('error', () => undefined);
    closers.push(() => queue.close());
    return queue;
  };

  it('stages writes (stage-write.lua), queues the flush, and the worker claims, flushes and compare-deletes them', async () => {
    const buffer = new RedisWriteBehindBuffer({
      redis: redis.connect('cache-service'),
      queue: queueAs('cache-service'),
    });
    const written: WriteBehindEntry[][] = [];
    const flusher = new WriteBehindFlusher({
      redis: redis.connect('optimization-worker'),
      queue: queueAs('optimization-worker'),
      sinkFor: () => ({
        write: async (_namespace, entries) => {
          written.push(entries);
        },
      }),
    });
    const worker = new Worker(
      Queues.WriteBehind,
      async (job: Job) => flusher.flush((job.data as { namespace: string }).namespace),
      { connection: redis.options('optimization-worker') },
    );
    worker.on('error', () => undefined);
    closers.unshift(() => worker.close(true));

    const flushed = once(worker, 'completed');
    await buffer.enqueue({ namespace, key: 'order:1', version: 1, value: { total: 1 } }, policy);
    await buffer.enqueue({ namespace, key: 'order:1', version: 3, value: { total: 3 } }, policy);
    // An older version than the pending one is superseded, not staged.
    await buffer.enqueue({ namespace, key: 'order:1', version: 2, value: { total: 2 } }, policy);
    // batchSize (2) entries waiting: the flush job is queued at once.
    await buffer.enqueue({ namespace, key: 'order:2', version: 4, value: null }, policy);
    const [job, result] = (await flushed) as [Job, { written: number; removed: number; pending: number }];
    expect(job.name).toBe(WriteBehindJobs.FlushNamespace);
    expect(result).toMatchObject({ written: 2, removed: 2, pending: 0 });
    expect(
      written
        .flat()
        .map(({ key, version, value }) => ({ key, version, value }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: 'order:1', version: 3, value: { total: 3 } },
      { key: 'order:2', version: 4, value: null },
    ]);
    const keys = new WriteBehindKeys().of(namespace);
    await expect(redis.admin.hlen(keys.pending)).resolves.toBe(0);
    await expect(buffer.backlog()).resolves.toEqual([{ namespace, pending: 0, maxPending: 100 }]);
  });

  it('lets the worker sweep for a lost flush job, and no one else stage or flush', async () => {
    const keys = new WriteBehindKeys().of(namespace);
    // A producer that staged and died before queueing its job: pending, no marker.
    const buffer = new RedisWriteBehindBuffer({
      redis: redis.connect('cache-service'),
      queue: queueAs('cache-service'),
    });
    await buffer.enqueue({ namespace, key: 'order:3', version: 5, value: { total: 5 } }, policy);
    await redis.admin.del(keys.scheduled, keys.due);
    const flusher = new WriteBehindFlusher({
      redis: redis.connect('optimization-worker'),
      queue: queueAs('optimization-worker'),
      sinkFor: () => ({ write: async () => undefined }),
    });
    await expect(flusher.sweep()).resolves.toBe(1);
    await expect(flusher.flush(namespace)).resolves.toMatchObject({ written: 1, removed: 1, pending: 0 });

    const outsider = new RedisWriteBehindBuffer({
      redis: redis.connect('performance-service'),
      queue: queueAs('performance-service'),
    });
    await expect(
      outsider.enqueue({ namespace, key: 'order:4', version: 6, value: 1 }, policy),
    ).rejects.toThrow(/NOPERM/);
    const outsiderFlusher = new WriteBehindFlusher({
      redis: redis.connect('performance-service'),
      queue: queueAs('performance-service'),
      sinkFor: () => ({ write: async () => undefined }),
    });
    await expect(outsiderFlusher.flush(namespace)).rejects.toThrow(/NOPERM/);
  });
});

async function expectEventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
