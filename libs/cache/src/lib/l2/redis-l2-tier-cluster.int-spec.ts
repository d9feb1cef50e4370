import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { scanKeys } from '@hotpath/testing';
import { Cluster } from 'ioredis';
import type { CacheEnvelope } from '../entry/cache-envelope';
import { RedisL2Tier } from './redis-l2-tier';

const CLUSTER_NODES = [7000, 7001, 7002].map((port) => ({ host: '127.0.0.1', port }));

const envelope = (value: unknown, tags: string[] = []): CacheEnvelope => {
  const now = Date.now();
  return { value, version: now, createdAt: now, expiresAt: now + 30_000, staleUntil: now + 60_000, tags };
};

describe('RedisL2Tier invalidation on a real 3-master Redis Cluster', () => {
  const prefix = `test-l2c-${randomUUID()}`;
  let cluster: Cluster;
  let tier: RedisL2Tier;

  beforeAll(async () => {
    cluster = new Cluster(CLUSTER_NODES);
    await once(cluster, 'ready');
    tier = new RedisL2Tier({ redis: cluster, keyPrefix: prefix, operationTimeoutMs: 2000 });
  });

  afterAll(async () => {
    for (const ns of ['pat', 'pat2', 'tags']) await tier.clear(ns);
    expect(await countOnMasters(`${prefix}:*`)).toEqual([0, 0, 0]);
    cluster.disconnect();
  });

  /** Keys matching `pattern` on each master, by SCAN. */
  async function countOnMasters(pattern: string): Promise<number[]> {
    return Promise.all(cluster.nodes('master').map(async (node) => (await scanKeys(node, pattern)).length));
  }

  it('deleteByPattern removes matching keys from every master and nothing else', async () => {
    const matching = Array.from({ length: 60 }, (_, i) => `session:${i}`);
    const others = ['user:1', 'x}:session:1', 'sess', '{session:9}'];
    await tier.mset(
      'pat',
      [...matching, ...others].map((key) => [key, envelope(key)]),
    );
    await tier.mset('pat2', [['session:1', envelope('other namespace')]]);
    await tier.mset('pat', [['session:tagged', envelope('t', ['session:*'])]]);
    const before = await countOnMasters(`${prefix}:pat:e:{??????}:session:*`);
    expect(before.every((count) => count > 0)).toBe(true);

    expect(await tier.deleteByPattern('pat', 'session:*')).toBe(61);
    expect(await countOnMasters(`${prefix}:pat:e:{??????}:session:*`)).toEqual([0, 0, 0]);
    expect([...(await tier.mget('pat', others)).keys()].sort()).toEqual([...others].sort());
    expect(await tier.get('pat2', 'session:1')).toBeDefined();
  });

  it('a pattern cannot escape its namespace', async () => {
    await tier.mset('pat2', [['k', envelope('k', ['t'])]]);
    for (const glob of ['*', '*:pat2:*', '\\*', '[a-z]*', '?*']) await tier.deleteByPattern('pat', glob);
    expect(await tier.get('pat2', 'k')).toBeDefined();
    expect(await tier.get('pat2', 'session:1')).toBeDefined();
    expect(await countOnMasters(`${prefix}:pat2:t:*`)).toEqual(expect.arrayContaining([1]));
  });

  it('deleteByTags removes every entry with the tag across slots, returns the count, leaves others', async () => {
    const tagged = Array.from({ length: 40 }, (_, i) => `order:${i}`);
    await tier.mset(
      'tags',
      tagged.map((key, i) => [key, envelope(key, i % 2 ? ['org:1', 'even'] : ['org:1'])]),
    );
    await tier.mset('tags', [
      ['order:keep', envelope('keep', ['org:2'])],
      ['untagged', envelope('u')],
    ]);
    await tier.mset('tags', [['order:0', envelope('again', ['org:1'])]], { hashTag: true });
    expect((await countOnMasters(`${prefix}:tags:e:{??????}:order:*`)).every((count) => count > 0)).toBe(
      true,
    );

    expect(await tier.deleteByTags('tags', ['org:1', 'even'])).toBe(41);
    expect((await tier.mget('tags', tagged)).size).toBe(0);
    expect(await tier.get('tags', 'order:0', { hashTag: true })).toBeUndefined();
    expect(await tier.get('tags', 'order:keep')).toBeDefined();
    expect(await tier.get('tags', 'untagged')).toBeDefined();
    expect(await countOnMasters(`${prefix}:tags:t:*`)).toEqual(expect.arrayContaining([1]));
    expect(await tier.deleteByTags('tags', ['org:1'])).toBe(0);
  });
});
