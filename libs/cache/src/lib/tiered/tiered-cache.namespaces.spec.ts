import { MetricsRegistry } from '@hotpath/telemetry';
import { MemoryL2 } from '../../testing/memory-l2';
import { StaticPolicySource } from '../policy/static-policy-source';
import { bindCacheMetrics } from '../stats/bind-cache-metrics';
import { L1_ENTRY_OVERHEAD_BYTES } from '../store/l1-entry';
import { TieredCache } from './tiered-cache';
import type { TieredCacheOptions } from './tiered-cache-options';

const MINUTE = 60_000;

/** Two instances on one (in-memory) L2 and one fake clock; `cache` has its statistics on /metrics. */
function fleet(extra: Partial<TieredCacheOptions> = {}) {
  const clock = { now: 1_000_000 };
  const l2 = new MemoryL2();
  const options = { l2, clock: () => clock.now, random: () => 0.5 };
  const cache = new TieredCache({
    instanceId: 'a',
    policies: new StaticPolicySource([{ namespace: 'configured' }]),
    ...options,
    ...extra,
  });
  const other = new TieredCache({ instanceId: 'b', policies: new StaticPolicySource(), ...options });
  const metrics = new MetricsRegistry({ serviceName: 'cache-service', collectDefaultMetrics: false });
  bindCacheMetrics(metrics, cache.statistics);
  const labelsOf = async (): Promise<string[]> =>
    [...(await metrics.metrics()).matchAll(/namespace="([^"]+)"/g)].map((match) => match[1]);
  return { cache, other, clock, labelsOf };
}

describe('TieredCache: per-namespace state', () => {
  it('keeps nothing for reads of namespaces it does not hold, and still answers them from L2', async () => {
    const { cache, labelsOf } = fleet();
    for (let i = 0; i < 200; i++) {
      const namespace = `ghost-${i}`;
      expect(await cache.get(namespace, 'k')).toBeUndefined();
      expect(cache.lookup(namespace, 'k')).toBeInstanceOf(Promise);
      expect((await cache.mget(namespace, ['k', 'j'])).size).toBe(0);
      expect(await cache.scanKeys(namespace, '*', undefined, 10)).toEqual({ keys: [], nextCursor: null });
      expect(cache.hotKeys(namespace, 5)).toEqual([]);
      expect(cache.policyOf(namespace).namespace).toBe(namespace);
    }
    expect(cache.usage().namespaces).toBe(0);
    const snapshot = cache.statistics.snapshot();
    expect(Object.keys(snapshot.namespaces)).toEqual([]);
    // Counted all the same (get, lookup, and mget's two keys): as unheld, and so in the totals.
    expect(snapshot.unheld.l2.misses).toBe(200 * 4);
    expect(snapshot.tiers.l2.misses).toBe(200 * 4);
    expect(new Set(await labelsOf())).toEqual(new Set(['_other']));
  });

  it('holds a namespace once a read finds one of its keys in L2, and counts that read as it always did', async () => {
    const { cache, other } = fleet();
    await other.set('shared', 'k', 'v');
    expect(await cache.get('shared', 'k')).toMatchObject({ value: 'v', tier: 'l2' });
    expect(await cache.get('shared', 'k')).toMatchObject({ value: 'v', tier: 'l1' });
    expect(cache.usage().namespaces).toBe(1);
    expect(cache.statistics.snapshot().namespaces.shared).toMatchObject({
      l1: { hits: 1, misses: 1 },
      l2: { hits: 1, misses: 0 },
    });

    await other.mset('batch', [['a', 1]]);
    expect([...(await cache.mget('batch', ['a', 'b', 'c'])).keys()]).toEqual(['a']);
    expect(cache.statistics.snapshot().namespaces.batch).toMatchObject({
      l1: { misses: 3 },
      l2: { hits: 1, misses: 2 },
    });
  });

  it('holds a namespace on a write or when it has a policy, not on a delete or an invalidation', async () => {
    const { cache } = fleet();
    await cache.delete('gone', 'k');
    await cache.clear('gone');
    await cache.deleteByPattern('gone', 'k*');
    await cache.deleteByTags('gone', ['t']);
    expect(cache.usage().namespaces).toBe(0);

    await cache.get('configured', 'k');
    expect(cache.usage().namespaces).toBe(1);
    await cache.set('written', 'k', 'v');
    expect(cache.usage().namespaces).toBe(2);
    await cache.getOrLoad('loaded', 'k', async () => 'v');
    expect(cache.usage().namespaces).toBe(3);
  });

  it('keeps every L1 under one byte budget across namespaces, evicting from the largest', async () => {
    // 1003 bytes of msgpack, a 3-character key and the entry's overhead: room for 19 entries.
    const value = 'x'.repeat(1000);
    const entry = 1003 + 3 + L1_ENTRY_OVERHEAD_BYTES;
    const key = (i: number) => `k${String(i).padStart(2, '0')}`;
    const { cache } = fleet({ l1MaxBytes: 19 * entry });
    for (let i = 0; i < 15; i++) await cache.set('big', key(i), value);
    expect(cache.usage().l1Bytes).toBe(15 * entry);
    for (let i = 0; i < 10; i++) {
      await cache.set('small', key(i), value);
      expect(cache.usage().l1Bytes).toBeLessThanOrEqual(19 * entry);
    }
    const { namespaces } = cache.statistics.snapshot();
    // `small` wrote 10 entries and kept them: the room came out of `big`, the largest.
    expect(namespaces.small.l1.evictions).toBe(0);
    expect(namespaces.big.l1.evictions).toBe(15 + 10 - 19);
    for (let i = 0; i < 10; i++) expect(await cache.get('small', key(i))).toMatchObject({ tier: 'l1' });
  });

  it('releases a namespace without a policy after 10 idle minutes (L1, statistics, metric labels), and keeps a configured one', async () => {
    const { cache, clock, labelsOf } = fleet({ l1MaxBytes: 1_000_000 });
    const hour = { ttlSeconds: 3600 };
    await cache.set('idle', 'k', 'v', hour);
    await cache.set('configured', 'k', 'v', hour);
    await cache.set('busy', 'k', 'v', hour);
    expect(new Set(await labelsOf())).toEqual(new Set(['idle', 'configured', 'busy', '_other']));
    const setsBefore = cache.statistics.snapshot().tiers.l2.sets;

    for (let second = 0; second <= 10 * 60; second++) {
      clock.now += 1000;
      if (second % 60 === 0) await cache.get('busy', 'k');
      cache.sweep();
    }
    // Two one-entry L1 stores left: 'v' (2 bytes of msgpack) under the key 'k'.
    expect(cache.usage()).toMatchObject({ namespaces: 2, l1Bytes: 2 * (2 + 1 + L1_ENTRY_OVERHEAD_BYTES) });
    expect(Object.keys(cache.statistics.snapshot().namespaces).sort()).toEqual(['busy', 'configured']);
    expect(new Set(await labelsOf())).toEqual(new Set(['configured', 'busy', '_other']));
    // The released namespace's counts stay in the totals.
    expect(cache.statistics.snapshot().tiers.l2.sets).toBe(setsBefore);
    // Its value is still in L2, and a read brings the namespace back.
    expect(await cache.get('idle', 'k')).toMatchObject({ value: 'v', tier: 'l2' });
    expect(cache.usage().namespaces).toBe(3);
  });

  it('never releases a namespace with idleNamespaceMs Infinity', async () => {
    const { cache, clock } = fleet({ idleNamespaceMs: Infinity });
    await cache.set('kept', 'k', 'v');
    for (let i = 0; i < 3; i++) {
      clock.now += 60 * MINUTE;
      cache.sweep();
    }
    expect(cache.usage().namespaces).toBe(1);
  });
});
