import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { scanKeys } from '@hotpath/testing';
import { Cluster, Redis } from 'ioredis';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { EnvelopeCodec } from './envelope-codec';
import { RedisL2Tier } from './redis-l2-tier';

const CLUSTER_NODES = [7000, 7001, 7002].map((port) => ({ host: '127.0.0.1', port }));
const TRICKY_KEYS = [
  'plain',
  'a{b}c',
  '}{',
  '{}',
  'x}:y',
  'with:colons:here',
  'star*?[x]',
  'ключ-ü-😀',
  '{user1000}.following',
];

const envelope = (value: unknown, ttlMs = 60_000, tags: string[] = []): CacheEnvelope => {
  const now = Date.now();
  return { value, version: now, createdAt: now, expiresAt: now + ttlMs / 2, staleUntil: now + ttlMs, tags };
};

describe.each([
  ['standalone Redis', (): Redis | Cluster => new Redis({ host: '127.0.0.1', port: 6379 })],
  ['Redis Cluster', (): Redis | Cluster => new Cluster(CLUSTER_NODES)],
])('RedisL2Tier on a real %s', (_, connect) => {
  const prefix = `test-l2-${randomUUID()}`;
  const ns = 'users';
  let redis: Redis | Cluster;
  let tier: RedisL2Tier;

  beforeAll(async () => {
    redis = connect();
    await once(redis, 'ready');
    tier = new RedisL2Tier({ redis, keyPrefix: prefix, operationTimeoutMs: 2000 });
  });

  afterAll(async () => {
    await tier.clear(ns);
    await tier.clear('other');
    await tier.clear('cleared');
    redis.disconnect();
  });

  it.each([false, true])(
    'round-trips get/set/mget/mset/delete for tricky keys (hashTag %s)',
    async (hashTag) => {
      const entries = TRICKY_KEYS.map((key): [string, CacheEnvelope] => [key, envelope({ key, n: 1 })]);
      await tier.set(ns, entries[0][0], entries[0][1], { hashTag });
      await tier.mset(ns, entries.slice(1), { hashTag });

      for (const [key, value] of entries) expect(await tier.get(ns, key, { hashTag })).toEqual(value);
      const hits = await tier.mget(ns, [...TRICKY_KEYS, 'absent'], { hashTag });
      expect(new Map([...hits].sort())).toEqual(new Map(entries.sort()));

      expect(await tier.delete(ns, ['a{b}c', '}{', 'absent'], { hashTag })).toBe(2);
      expect(await tier.get(ns, 'a{b}c', { hashTag })).toBeUndefined();
      expect(await tier.get(ns, 'plain', { hashTag })).toBeDefined();
      await tier.delete(ns, TRICKY_KEYS, { hashTag });
    },
  );

  it('returns every hit of an mget spread over many slots', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `many-${i}`);
    await tier.mset(
      ns,
      keys.map((key) => [key, envelope(key)]),
    );
    const hits = await tier.mget(ns, keys);
    expect(hits.size).toBe(300);
    expect(keys.every((key) => hits.get(key)?.value === key)).toBe(true);
    expect(await tier.delete(ns, keys)).toBe(300);
  });

  it.each([false, true])(
    'answers 300 reads made in one tick each with its own entry, over every slot (hashTag %s)',
    async (hashTag) => {
      const keys = [...TRICKY_KEYS, ...Array.from({ length: 300 - TRICKY_KEYS.length }, (_, i) => `tick-${i}`)];
      const stored = keys.filter((_, i) => i % 3 !== 0);
      await tier.mset(
        ns,
        stored.map((key) => [key, envelope({ key })]),
        { hashTag },
      );

      const answers = await Promise.all(keys.map((key) => tier.get(ns, key, { hashTag })));

      expect(answers.map((answer) => (answer?.value as { key: string } | undefined)?.key)).toEqual(
        keys.map((key, i) => (i % 3 !== 0 ? key : undefined)),
      );
      expect(await tier.delete(ns, keys, { hashTag })).toBe(stored.length);
    },
  );

  it('stores a large compressible value compressed and reads it back equal', async () => {
    const value = {
      rows: Array.from({ length: 2000 }, (_, i) => ({ id: i, email: `user${i}@example.com` })),
    };
    const entry = envelope(value);
    await tier.set(ns, 'big', entry);
    const [redisKey] = await findRedisKeys(redis, `${prefix}:${ns}:e:*:big`);
    const packedSize = new EnvelopeCodec().encode(entry, Infinity).length;
    expect(await strlen(redis, redisKey)).toBeLessThan(packedSize / 3);
    expect(await tier.get(ns, 'big')).toEqual(entry);
  });

  it('rejects a value above the 3 MiB guard with VALUE_TOO_LARGE', async () => {
    await expect(tier.set(ns, 'huge', envelope('x'.repeat(3 * 1024 * 1024 + 1)))).rejects.toMatchObject({
      code: 'VALUE_TOO_LARGE',
    });
    expect(await tier.get(ns, 'huge')).toBeUndefined();
  });

  it('expires an entry at staleUntil, and does not store one already past it', async () => {
    await tier.set(ns, 'ttl', envelope('v', 30_000));
    const [redisKey] = await findRedisKeys(redis, `${prefix}:${ns}:e:*:ttl`);
    const pttl = await pttlOf(redis, redisKey);
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);

    await tier.set(ns, 'ttl', { ...envelope('newer'), staleUntil: Date.now() - 1 });
    expect(await tier.get(ns, 'ttl')).toBeUndefined();
    expect(await findRedisKeys(redis, `${prefix}:${ns}:e:*:ttl`)).toEqual([]);
  });

  it('clear removes the namespace, entries and tag sets, and nothing else', async () => {
    await tier.mset('other', [['keep', envelope('k', 60_000, ['t'])]]);
    await tier.mset('cleared', [
      ['a', envelope('a', 60_000, ['t'])],
      ['b', envelope('b', 60_000, ['t'])],
    ]);
    expect(await tier.clear('cleared')).toBe(2); // entries only; the tag set goes too
    expect((await tier.mget('cleared', ['a', 'b'])).size).toBe(0);
    expect(await findRedisKeys(redis, `${prefix}:cleared:*`)).toEqual([]);
    expect(await tier.get('other', 'keep')).toBeDefined();
  });

  it('pages scanKeys across every master, each key exactly once', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `page:${i}`);
    await tier.mset(
      ns,
      keys.map((key) => [key, envelope(key)]),
    );
    await tier.mset(ns, [['other-key', envelope('x')]]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await tier.scanKeys(ns, 'page:*', cursor, 40);
      expect(page.keys.length).toBeLessThanOrEqual(40);
      seen.push(...page.keys);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(6);
    expect(seen.sort()).toEqual([...keys].sort());
    await expect(tier.scanKeys(ns, '*', 'bm90LWEtY3Vyc29y', 10)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });

  it('locks: exclusive while held, released only by its token, freed by expiry', async () => {
    const token = await tier.acquireLock(ns, 'job{1}', 200);
    expect(token).toEqual(expect.any(String));
    expect(await tier.acquireLock(ns, 'job{1}', 200)).toBeUndefined();
    expect(await tier.releaseLock(ns, 'job{1}', 'wrong')).toBe(false);
    expect(await tier.releaseLock(ns, 'job{1}', token as string)).toBe(true);
    const second = await tier.acquireLock(ns, 'job{1}', 100);
    expect(second).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await tier.acquireLock(ns, 'job{1}', 100)).toBeDefined();
  });
});

/** Redis keys matching `pattern` on every master (test inspection only; SCAN, never KEYS). */
async function findRedisKeys(redis: Redis | Cluster, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  return (await Promise.all(nodes.map((node) => scanKeys(node, pattern)))).flat();
}

const strlen = (redis: Redis | Cluster, key: string): Promise<number> => redis.strlen(key);
const pttlOf = (redis: Redis | Cluster, key: string): Promise<number> => redis.pttl(key);
