import { MemoryL2 } from '../../testing/memory-l2';
import { StaticPolicySource } from '../policy/static-policy-source';
import type { CachePolicyInput } from '../policy/cache-policy';
import { TieredCache } from './tiered-cache';
import type { TieredCacheOptions } from './tiered-cache-options';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

function setup(policy: Partial<CachePolicyInput> = {}, extra: Partial<TieredCacheOptions> = {}) {
  let now = 1_000_000;
  const l2 = new MemoryL2();
  const cache = new TieredCache({
    instanceId: 'unit',
    policies: new StaticPolicySource([
      { namespace: 'ns', ttlSeconds: 10, graceSeconds: 5, ttlJitterRatio: 0, ...policy },
    ]),
    l2,
    clock: () => now,
    ...extra,
  });
  return { cache, l2, clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('TieredCache', () => {
  it('serves from L1 after a set, from L2 in another instance, and misses after a delete', async () => {
    const { cache, l2, clock } = setup();
    const { version } = await cache.set('ns', 'k', { a: 1 });
    expect(await cache.get('ns', 'k')).toMatchObject({ value: { a: 1 }, version, tier: 'l1', stale: false });

    const other = new TieredCache({
      instanceId: 'other',
      policies: new StaticPolicySource([{ namespace: 'ns' }]),
      l2,
      clock,
    });
    expect(await other.get('ns', 'k')).toMatchObject({ value: { a: 1 }, tier: 'l2' });
    expect(await other.get('ns', 'k')).toMatchObject({ tier: 'l1' });

    await cache.delete('ns', 'k');
    expect(await cache.get('ns', 'k')).toBeUndefined();
  });

  it('answers each L1 read with its own hit: changing one does not change the next', async () => {
    const { cache } = setup({ tiers: ['l1'] });
    const { version } = await cache.set('ns', 'k', 'v', { tags: ['t'] });
    const first = await cache.get('ns', 'k');
    expect(first).toEqual({
      value: 'v',
      version,
      tier: 'l1',
      stale: false,
      createdAt: 1_000_000,
      expiresAt: 1_010_000,
      staleUntil: 1_015_000,
      tags: ['t'],
    });
    Object.assign(first ?? {}, { value: 'changed', version: -1, stale: true });
    expect(await cache.get('ns', 'k')).toMatchObject({ value: 'v', version, stale: false });
  });

  it("keeps a write's tags apart from the caller's array and read-only to readers, so tag deletes stay right", async () => {
    const { cache } = setup({ tiers: ['l1'] });
    const tags = ['t'];
    await cache.set('ns', 'k', 'v', { tags });
    tags[0] = 'other';
    const hit = await cache.get('ns', 'k');
    expect(() => (hit?.tags as string[]).push('u')).toThrow(TypeError);
    expect(await cache.deleteByTags('ns', ['other', 'u'])).toBe(0);
    expect(await cache.deleteByTags('ns', ['t'])).toBe(1);
    expect(await cache.get('ns', 'k')).toBeUndefined();
  });

  it('serves an expired value flagged stale during the grace period, never after', async () => {
    const { cache, advance } = setup();
    await cache.set('ns', 'k', 'v');
    advance(10_001);
    expect(await cache.get('ns', 'k')).toMatchObject({ value: 'v', stale: true });
    advance(5_000);
    expect(await cache.get('ns', 'k')).toBeUndefined();
  });

  it.each([
    ['', 'INVALID_KEY'],
    ['x'.repeat(513), 'INVALID_KEY'],
    ['bad\nkey', 'INVALID_KEY'],
  ])('refuses key %p with %s', async (key, code) => {
    const { cache } = setup();
    await expect(cache.set('ns', key, 1)).rejects.toMatchObject({ code });
  });

  it('accepts an array of floats that is under 1 MiB of JSON but over 1 MiB of msgpack', async () => {
    const { cache } = setup();
    const floats = Array.from({ length: 150_000 }, () => 0.1);
    expect(JSON.stringify(floats).length).toBeLessThan(1024 * 1024);
    await expect(cache.set('ns', 'floats', floats)).resolves.toHaveProperty('version');
  });

  it('refuses a bad namespace and a value over the engine’s 3 MiB guard', async () => {
    const { cache } = setup();
    await expect(cache.get('Bad NS', 'k')).rejects.toMatchObject({ code: 'INVALID_NAMESPACE' });
    await expect(cache.set('ns', 'big', 'x'.repeat(3 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: 'VALUE_TOO_LARGE',
    });
  });

  it('runs one load for 100 concurrent getOrLoad calls on a cold key', async () => {
    const { cache } = setup();
    let calls = 0;
    const gate = deferred<string>();
    const loader = () => {
      calls++;
      return gate.promise;
    };
    const reads = Array.from({ length: 100 }, () => cache.getOrLoad('ns', 'cold', loader));
    gate.resolve('loaded');
    const results = await Promise.all(reads);
    expect(calls).toBe(1);
    expect(new Set(results.map((hit) => hit.value))).toEqual(new Set(['loaded']));
    expect(cache.statistics.snapshot().namespaces.ns.coalescedLoads).toBe(99);
  });

  it('answers with the stale value when the loader fails, and with LOADER_FAILED when there is none', async () => {
    const { cache, advance } = setup();
    await cache.set('ns', 'k', 'old');
    advance(11_000);
    const failing = async () => {
      throw new Error('database down');
    };
    expect(await cache.getOrLoad('ns', 'k', failing)).toMatchObject({ value: 'old', stale: true });
    await expect(cache.getOrLoad('ns', 'none', failing)).rejects.toMatchObject({ code: 'LOADER_FAILED' });
  });

  it('gives up after the hard timeout, aborting the loader', async () => {
    const { cache } = setup();
    let aborted = false;
    const hanging = ({ signal }: { signal: AbortSignal }) =>
      new Promise<string>((_resolve, reject) =>
        signal.addEventListener('abort', () => ((aborted = true), reject(signal.reason))),
      );
    await expect(cache.getOrLoad('ns', 'k', hanging, { hardTimeoutMs: 20 })).rejects.toMatchObject({
      code: 'LOADER_TIMEOUT',
    });
    expect(aborted).toBe(true);
  });

  it('answers stale after the soft timeout and stores the value when the load finishes', async () => {
    const { cache, advance } = setup();
    await cache.set('ns', 'k', 'old');
    advance(11_000);
    const gate = deferred<string>();
    expect(await cache.getOrLoad('ns', 'k', () => gate.promise, { softTimeoutMs: 10 })).toMatchObject({
      value: 'old',
      stale: true,
    });
    gate.resolve('new');
    await gate.promise;
    await new Promise(setImmediate);
    expect(await cache.get('ns', 'k')).toMatchObject({ value: 'new', stale: false });
  });

  it('degrades to L1 when L2 fails: reads keep working, writes are refused', async () => {
    const { cache, l2 } = setup();
    await cache.set('ns', 'k', 'v');
    l2.failing = true;
    expect(await cache.get('ns', 'k')).toMatchObject({ value: 'v', tier: 'l1' });
    await expect(cache.set('ns', 'k2', 'v')).rejects.toThrow();
    expect(await cache.getOrLoad('ns', 'k3', async () => 'loaded')).toMatchObject({
      value: 'loaded',
      tier: 'loader',
    });
  });

  it('loads all missing keys of a batch in one loader call and coalesces concurrent single loads', async () => {
    const { cache } = setup();
    await cache.set('ns', 'a', 'cached');
    const batches: string[][] = [];
    const gate = deferred<void>();
    const batch = cache.getOrLoadMany('ns', ['a', 'b', 'c', 'b'], async (keys) => {
      batches.push(keys);
      await gate.promise;
      return new Map(keys.map((key) => [key, `loaded-${key}`]));
    });
    let singleCalls = 0;
    const single = cache.getOrLoad('ns', 'c', async () => `single-${++singleCalls}`);
    gate.resolve();
    const [many, one] = await Promise.all([batch, single]);
    expect(batches).toEqual([['b', 'c']]);
    expect(singleCalls).toBe(0);
    expect(one.value).toBe('loaded-c');
    expect([...many].map(([key, hit]) => [key, hit.value])).toEqual([
      ['a', 'cached'],
      ['b', 'loaded-b'],
      ['c', 'loaded-c'],
    ]);
  });

  it('write-through: the writer runs before the set is acknowledged; its failure caches nothing', async () => {
    const written: Array<[string, unknown]> = [];
    let fail = false;
    const { cache } = setup(
      { strategy: 'write-through' },
      {
        writers: {
          ns: async (key, value) => {
            if (fail) throw new Error('db down');
            written.push([key, value]);
          },
        },
      },
    );
    await cache.set('ns', 'k', 1);
    expect(written).toEqual([['k', 1]]);
    fail = true;
    await expect(cache.set('ns', 'k2', 2)).rejects.toMatchObject({ code: 'WRITER_FAILED' });
    expect(await cache.get('ns', 'k2')).toBeUndefined();
  });

  it('write-behind: acknowledges only once the entry is queued, with its version', async () => {
    const queued: unknown[] = [];
    let down = false;
    const { cache } = setup(
      { strategy: 'write-behind' },
      {
        writeBehind: {
          enqueue: async (entry) => {
            if (down) throw new Error('queue down');
            queued.push(entry);
          },
        },
      },
    );
    const { version } = await cache.set('ns', 'k', { n: 1 }, { requestId: 'req-1' });
    expect(queued).toEqual([{ namespace: 'ns', key: 'k', version, value: { n: 1 }, requestId: 'req-1' }]);
    down = true;
    await expect(cache.set('ns', 'k', { n: 2 })).rejects.toThrow('queue down');
  });

  it('refresh-ahead: a hit past the ratio starts exactly one background reload', async () => {
    const { cache, advance } = setup({ strategy: 'refresh-ahead', refreshAheadRatio: 0.5 });
    let loads = 0;
    const loader = async () => `v${++loads}`;
    await cache.getOrLoad('ns', 'k', loader);
    advance(6_000);
    const hits = await Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('ns', 'k', loader)));
    expect(hits.every((hit) => hit.value === 'v1')).toBe(true);
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    expect(loads).toBe(2);
    expect((await cache.get('ns', 'k'))?.value).toBe('v2');
  });

  it('deletes by pattern and by tag in L1 and L2', async () => {
    const { cache } = setup();
    await cache.mset('ns', [
      ['user:1', 1],
      ['user:2', 2],
      ['order:1', 3],
    ]);
    await cache.set('ns', 'tagged', 4, { tags: ['t'] });
    // A batch write counts one L1 set per entry, as single writes do.
    expect(cache.statistics.snapshot().tiers.l1.sets).toBe(4);
    expect(await cache.deleteByPattern('ns', 'user:*')).toBe(2);
    expect(await cache.deleteByTags('ns', ['t'])).toBe(1);
    expect([...(await cache.mget('ns', ['user:1', 'user:2', 'order:1', 'tagged'])).keys()]).toEqual([
      'order:1',
    ]);
  });

  it('lookup answers a fresh L1 hit without a promise, and anything else as get would', async () => {
    const { cache, advance } = setup();
    await cache.set('ns', 'k', 'v');
    const fresh = cache.lookup('ns', 'k');
    expect(fresh).not.toBeInstanceOf(Promise);
    expect(fresh).toMatchObject({ value: 'v', tier: 'l1', stale: false });

    const missing = cache.lookup('ns', 'absent');
    expect(missing).toBeInstanceOf(Promise);
    await expect(missing).resolves.toBeUndefined();

    advance(12_000); // past the TTL, within the grace: L1 holds only a stale copy, so L2 is asked
    const stale = cache.lookup('ns', 'k');
    expect(stale).toBeInstanceOf(Promise);
    await expect(stale).resolves.toMatchObject({ value: 'v', stale: true });
  });

  it('counts what an L1-only namespace dropped: by pattern, by tag, and on clear', async () => {
    const { cache } = setup({ tiers: ['l1'] });
    for (const key of ['user:1', 'user:2', 'order:1', 'order:2']) await cache.set('ns', key, key);
    await cache.set('ns', 'tagged', 0, { tags: ['t'] });
    expect(await cache.deleteByPattern('ns', 'user:*')).toBe(2);
    expect(await cache.deleteByTags('ns', ['t'])).toBe(1);
    await expect(cache.deleteByPattern('ns', '')).rejects.toThrow();
    expect(await cache.clear('ns')).toBe(2);
    expect(await cache.get('ns', 'order:1')).toBeUndefined();
  });
});
