import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RedisL2Tier } from '../l2/redis-l2-tier';
import { StaticPolicySource } from '../policy/static-policy-source';
import { TieredCache } from '../tiered/tiered-cache';
import { BullWriteBehindQueue } from './bullmq-write-behind-queue';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('write-behind on a real BullMQ queue', () => {
  const queue = new Queue(`test-write-behind-${randomUUID()}`, { connection: { url: REDIS_URL } });
  const redis = new Redis(REDIS_URL);
  // Timeouts are not what this test is about: a generous one keeps a loaded CI machine from failing it.
  const l2 = new RedisL2Tier({
    redis,
    keyPrefix: `test-wb-${randomUUID().slice(0, 8)}`,
    operationTimeoutMs: 2000,
  });
  const cache = new TieredCache({
    instanceId: 'write-behind',
    policies: new StaticPolicySource([{ namespace: 'sessions', strategy: 'write-behind' }]),
    l2,
    writeBehind: new BullWriteBehindQueue(queue, { coalesceMs: 60_000 }),
  });

  beforeAll(async () => {
    if (redis.status !== 'ready') await once(redis, 'ready');
    await queue.waitUntilReady();
  });

  afterAll(async () => {
    await l2.clear('sessions');
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  it('coalesces writes to one key into one job holding the latest version, and keeps keys apart', async () => {
    await cache.set('sessions', 's1', { step: 1 }, { requestId: 'r1' });
    await cache.set('sessions', 's1', { step: 2 }, { requestId: 'r2' });
    const { version } = await cache.set('sessions', 's1', { step: 3 }, { requestId: 'r3' });
    await cache.set('sessions', 's2', { step: 1 });
    await cache.delete('sessions', 's2');

    const jobs = await queue.getDelayed();
    const byKey = new Map(jobs.map((job) => [job.data.key, job]));
    expect(jobs).toHaveLength(2);
    expect(byKey.get('s1')?.name).toBe('flush');
    expect(byKey.get('s1')?.data).toEqual({
      namespace: 'sessions',
      key: 's1',
      version,
      value: { step: 3 },
      requestId: 'r3',
    });
    expect(byKey.get('s2')?.data.value).toBeNull();
    expect(byKey.get('s1')?.opts.attempts).toBeGreaterThan(1);
    // The write is acknowledged only once it is in the cache as well.
    expect((await cache.get('sessions', 's1'))?.value).toEqual({ step: 3 });
  });
});
