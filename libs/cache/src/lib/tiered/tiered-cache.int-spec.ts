import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InvalidationMessage } from '../bus/invalidation-message';
import { type CacheNode, startCacheNode } from '../../testing/cache-node';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Resolves when `node` has received a bus message about `key`. */
function delivered(node: CacheNode, key: string): Promise<InvalidationMessage> {
  return new Promise((resolve) => {
    const off = node.bus.onMessage((message) => {
      if (message.kind === 'keys' && message.keys.includes(key)) {
        off();
        resolve(message);
      }
    });
  });
}

function nextGap(node: CacheNode, reason: 'disconnect' | 'reconnect'): Promise<void> {
  return new Promise((resolve) => {
    const off = node.bus.onGap((signalled) => {
      if (signalled === reason) {
        off();
        resolve();
      }
    });
  });
}

describe('TieredCache across instances (real Redis, real bus)', () => {
  const keyPrefix = `test-tiered-${randomUUID().slice(0, 8)}`;
  const channel = `test-bus-${randomUUID()}`;
  const policies = [{ namespace: 'users', ttlSeconds: 60, graceSeconds: 60 }];
  let a: CacheNode;
  let b: CacheNode;
  let admin: Redis;

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    [a, b] = await Promise.all(
      [0, 1].map(() => startCacheNode({ redisUrl: REDIS_URL, keyPrefix, channel, policies })),
    );
  });

  afterAll(async () => {
    await a?.l2.clear('users');
    await Promise.all([a?.close(), b?.close()]);
    admin?.disconnect();
  });

  it('drops the other instance’s L1 copy as soon as a write is delivered', async () => {
    await a.cache.set('users', 'u1', { name: 'old' });
    expect(await b.cache.get('users', 'u1')).toMatchObject({ value: { name: 'old' }, tier: 'l2' });
    expect(await b.cache.get('users', 'u1')).toMatchObject({ tier: 'l1' });

    const arrival = delivered(b, 'u1');
    await a.cache.set('users', 'u1', { name: 'new' });
    await arrival;
    expect(await b.cache.get('users', 'u1')).toMatchObject({ value: { name: 'new' }, tier: 'l2' });
  });

  it.each([
    ['delete', (node: CacheNode) => node.cache.delete('users', 'u2')],
    ['pattern', (node: CacheNode) => node.cache.deleteByPattern('users', 'u2*')],
    ['tag', (node: CacheNode) => node.cache.deleteByTags('users', ['team-2'])],
    ['clear', (node: CacheNode) => node.cache.clear('users')],
  ])('invalidation by %s reaches the other instance’s L1', async (_kind, invalidate) => {
    await a.cache.set('users', 'u2', 'value', { tags: ['team-2'] });
    await b.cache.get('users', 'u2');
    expect(await b.cache.get('users', 'u2')).toMatchObject({ tier: 'l1' });
    const arrival = new Promise<void>((resolve) => {
      const off = b.bus.onMessage(() => (off(), resolve()));
    });
    await invalidate(a);
    await arrival;
    expect(await b.cache.get('users', 'u2')).toBeUndefined();
  });

  it('after a bus outage, serves nothing from L1 that predates it', async () => {
    await a.cache.set('users', 'u3', 'before');
    await b.cache.get('users', 'u3');
    expect(await b.cache.get('users', 'u3')).toMatchObject({ value: 'before', tier: 'l1' });

    const disconnected = nextGap(b, 'disconnect');
    const reconnected = nextGap(b, 'reconnect');
    const clients = (await admin.call('CLIENT', 'LIST')) as string;
    const id = clients
      .split('\n')
      .find((line) => line.includes(`name=${b.subscriberName}`))
      ?.match(/id=(\d+)/)?.[1];
    await admin.call('CLIENT', 'KILL', 'ID', id as string);
    await disconnected;
    // While the bus is down, B does not trust its L1…
    expect(b.bus.healthy).toBe(false);
    await a.cache.set('users', 'u3', 'during'); // …and this message never reaches it.
    expect(await b.cache.get('users', 'u3')).toMatchObject({ value: 'during', tier: 'l2' });
    await reconnected;
    // After the outage its L1 was dropped: the value comes from L2 again.
    expect(await b.cache.get('users', 'u3')).toMatchObject({ value: 'during', tier: 'l2' });
    expect(b.cache.statistics.busGaps).toBeGreaterThan(0);
  });

  it('refresh-ahead reloads exactly once across two instances', async () => {
    let now = Date.now();
    const clock = () => now;
    const counterKey = `${keyPrefix}:refresh-loads`;
    const refreshPolicy = [
      {
        namespace: 'feed',
        ttlSeconds: 10,
        graceSeconds: 10,
        strategy: 'refresh-ahead' as const,
        refreshAheadRatio: 0.5,
        ttlJitterRatio: 0,
      },
    ];
    const [c, d] = await Promise.all(
      [0, 1].map(() =>
        startCacheNode({
          redisUrl: REDIS_URL,
          keyPrefix,
          channel: `${channel}-feed`,
          policies: refreshPolicy,
          extra: { clock },
        }),
      ),
    );
    const loader = async () => `v${await admin.incr(counterKey)}`;
    try {
      await c.cache.getOrLoad('feed', 'top', loader);
      await d.cache.get('feed', 'top');
      now += 6_000;
      const refreshed = Promise.all(
        [delivered(c, 'top'), delivered(d, 'top')].map((p) =>
          Promise.race([p, new Promise((r) => setTimeout(r, 2000))]),
        ),
      );
      const reads = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? c : d).cache.getOrLoad('feed', 'top', loader)),
      );
      expect(reads.every((hit) => hit.value === 'v1')).toBe(true);
      await refreshed;
      expect(Number(await admin.get(counterKey))).toBe(2);
    } finally {
      await admin.del(counterKey);
      await c.l2.clear('feed');
      await Promise.all([c.close(), d.close()]);
    }
  });
});
