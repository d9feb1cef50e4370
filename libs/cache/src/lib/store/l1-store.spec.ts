import { CacheError } from '../errors/cache.error';
import type { EvictionPolicyName } from '../eviction/eviction-policy-name';
import type { EvictionReason } from './eviction-reason';
import { L1Store } from './l1-store';
import type { L1StoreOptions } from './l1-store-options';

interface Harness {
  store: L1Store<string>;
  evicted: Array<{ key: string; reason: EvictionReason }>;
  clock: { now: number };
}

function newStore(options: Partial<L1StoreOptions<string>> = {}): Harness {
  const evicted: Harness['evicted'] = [];
  const clock = { now: 0 };
  const store = new L1Store<string>({
    maxEntries: 100,
    maxBytes: 10_000,
    clock: () => clock.now,
    onEvict: (key, _value, reason) => evicted.push({ key, reason }),
    random: () => 0.5,
    ...options,
  });
  return { store, evicted, clock };
}

const POLICIES: EvictionPolicyName[] = ['tinylfu', 'lru'];

describe('L1Store', () => {
  describe('bounds', () => {
    it.each(POLICIES)('%s: never holds more than maxEntries', (policy) => {
      const { store, evicted } = newStore({ policy, maxEntries: 10 });
      for (let i = 0; i < 25; i++) store.set(`k${i}`, 'v', { size: 1 });
      expect(store.size).toBe(10);
      expect(evicted).toHaveLength(15);
      expect(evicted.every(({ reason }) => reason === 'size')).toBe(true);
    });

    it.each(POLICIES)('%s: never holds more than maxBytes', (policy) => {
      const { store, evicted } = newStore({ policy, maxBytes: 100 });
      for (let i = 0; i < 10; i++) store.set(`k${i}`, 'v', { size: 30 });
      expect(store.bytes).toBeLessThanOrEqual(100);
      expect(store.size).toBe(3);
      expect(store.bytes).toBe(90);
      expect(evicted).toHaveLength(7);
    });

    it('lru evicts the least recently read entry first', () => {
      const { store, evicted } = newStore({ policy: 'lru', maxEntries: 3 });
      ['a', 'b', 'c'].forEach((key) => store.set(key, key, { size: 1 }));
      store.get('a');
      store.set('d', 'd', { size: 1 });
      expect(evicted).toEqual([{ key: 'b', reason: 'size' }]);
      expect(['a', 'c', 'd'].every((key) => store.has(key))).toBe(true);
    });

    it('counts the new size of an overwritten entry and evicts to fit it', () => {
      const { store, evicted } = newStore({ policy: 'lru', maxBytes: 100 });
      store.set('a', 'a', { size: 40 });
      store.set('b', 'b', { size: 40 });
      store.set('b', 'B', { size: 90 });
      expect(store.bytes).toBe(90);
      expect(evicted).toEqual([{ key: 'a', reason: 'size' }]);
      expect(store.get('b')).toEqual({ value: 'B', stale: false });
    });

    it('refuses an entry larger than maxBytes with ENTRY_TOO_LARGE and keeps the old value', () => {
      const { store, evicted } = newStore({ maxBytes: 100 });
      store.set('a', 'small', { size: 10 });
      expect(() => store.set('a', 'huge', { size: 101 })).toThrow(
        expect.objectContaining({ name: 'CacheError', code: 'ENTRY_TOO_LARGE' }),
      );
      expect(store.get('a')).toEqual({ value: 'small', stale: false });
      expect(store.bytes).toBe(10);
      expect(evicted).toEqual([]);
    });

    it.each([
      { size: -1, expiresAt: undefined, staleUntil: undefined },
      { size: Number.NaN, expiresAt: undefined, staleUntil: undefined },
      { size: Number.POSITIVE_INFINITY, expiresAt: undefined, staleUntil: undefined },
      { size: 1, expiresAt: 100, staleUntil: 50 },
    ])('refuses size $size, expiresAt $expiresAt, staleUntil $staleUntil with INVALID_ENTRY', (options) => {
      const { store } = newStore();
      expect(() => store.set('a', 'v', options)).toThrow(CacheError);
      expect(() => store.set('a', 'v', options)).toThrow(expect.objectContaining({ code: 'INVALID_ENTRY' }));
      expect(store.size).toBe(0);
    });

    it.each([
      { maxEntries: 0, maxBytes: 10 },
      { maxEntries: 2.5, maxBytes: 10 },
      { maxEntries: 10, maxBytes: 0 },
      { maxEntries: 10, maxBytes: Number.NaN },
    ])('refuses maxEntries $maxEntries / maxBytes $maxBytes with INVALID_OPTIONS', (options) => {
      expect(() => newStore(options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    });
  });

  describe('expiry', () => {
    it.each([
      { now: 0, served: { value: 'v', stale: false } },
      { now: 999, served: { value: 'v', stale: false } },
      { now: 1000, served: { value: 'v', stale: true } },
      { now: 1999, served: { value: 'v', stale: true } },
      { now: 2000, served: undefined },
      { now: 50_000, served: undefined },
    ])('at t=$now serves $served (expiresAt 1000, staleUntil 2000)', ({ now, served }) => {
      const { store, clock, evicted } = newStore();
      store.set('k', 'v', { size: 1, expiresAt: 1000, staleUntil: 2000 });
      clock.now = now;
      expect(store.get('k')).toEqual(served);
      expect(store.has('k')).toBe(served !== undefined);
      expect(store.size).toBe(served ? 1 : 0);
      expect(evicted).toEqual(served ? [] : [{ key: 'k', reason: 'expired' }]);
    });

    it('without staleUntil, never serves at or after expiresAt', () => {
      const { store, clock } = newStore();
      store.set('k', 'v', { size: 1, expiresAt: 1000 });
      clock.now = 1000;
      expect(store.get('k')).toBeUndefined();
    });

    it('sweep removes only entries past staleUntil, soonest first, within its budget', () => {
      const { store, clock, evicted } = newStore();
      for (let i = 0; i < 10; i++)
        store.set(`due${i}`, 'v', { size: 5, expiresAt: 100 - i, staleUntil: 100 + i });
      store.set('later', 'v', { size: 5, expiresAt: 10_000 });
      store.set('forever', 'v', { size: 5 });
      clock.now = 105; // due0..due5 are past staleUntil (100..105), due6..due9 are still stale-servable

      expect(store.sweep(4)).toBe(4);
      expect(evicted.map(({ key }) => key)).toEqual(['due0', 'due1', 'due2', 'due3']);
      expect(store.sweep()).toBe(2);
      expect(store.sweep()).toBe(0);
      expect(evicted.every(({ reason }) => reason === 'expired')).toBe(true);
      expect(store.size).toBe(6);
      expect(store.bytes).toBe(30);
      expect(store.get('due6')).toEqual({ value: 'v', stale: true });
    });

    it('drops an expired entry before evicting a live one for size', () => {
      const { store, clock, evicted } = newStore({ policy: 'lru', maxEntries: 2 });
      store.set('live', 'v', { size: 1 });
      store.set('short', 'v', { size: 1, expiresAt: 10 });
      clock.now = 10;
      store.set('new', 'v', { size: 1 });
      expect(evicted).toEqual([{ key: 'short', reason: 'expired' }]);
      expect(store.has('live')).toBe(true);
    });
  });

  describe('onEvict reasons and housekeeping', () => {
    it('reports delete as explicit, and nothing for overwrite or clear', () => {
      const { store, evicted } = newStore();
      store.set('a', '1', { size: 3 });
      store.set('a', '2', { size: 4 });
      store.set('b', '1', { size: 3 });
      expect(store.delete('a')).toBe(true);
      expect(store.delete('a')).toBe(false);
      store.clear();
      expect(evicted).toEqual([{ key: 'a', reason: 'explicit' }]);
      expect(store.size).toBe(0);
      expect(store.bytes).toBe(0);
      expect(store.get('b')).toBeUndefined();
    });
  });

  describe("hit (the tiered cache's read)", () => {
    it('serves the value with the stamps it was stored with, a new object each time', () => {
      const { store, clock } = newStore();
      clock.now = 500;
      store.set('k', 'v', {
        size: 1,
        expiresAt: 1000,
        staleUntil: 2000,
        version: 7,
        createdAt: 400,
        tags: ['t'],
      });
      const first = store.hit('k');
      expect(first).toEqual({
        value: 'v',
        version: 7,
        tier: 'l1',
        stale: false,
        createdAt: 400,
        expiresAt: 1000,
        staleUntil: 2000,
        tags: ['t'],
      });
      const second = store.hit('k');
      expect(second).toEqual(first);
      expect(second).not.toBe(first);
    });

    it('keeps the tags as a frozen copy that every read shares and none can change', () => {
      const { store } = newStore();
      const tags = ['a'];
      store.set('k', 'v', { size: 1, tags });
      tags.push('b');
      expect(Object.isFrozen(tags)).toBe(false);
      const hit = store.hit('k');
      expect(hit?.tags).toEqual(['a']);
      expect(() => (hit?.tags as string[]).push('c')).toThrow(TypeError);
      expect([...store.residents()].map(([, , kept]) => kept)).toEqual([['a']]);
      // Tags frozen already are kept as they are, not copied again.
      const frozen = Object.freeze(['f']);
      store.set('f', 'v', { size: 1, tags: frozen });
      expect(store.hit('f')?.tags).toBe(frozen);
    });

    it('defaults the stamps: version 0, created at the write, no tags, never expiring', () => {
      const { store, clock } = newStore();
      clock.now = 1234;
      store.set('k', 'v', { size: 1 });
      expect(store.hit('k')).toMatchObject({
        version: 0,
        createdAt: 1234,
        expiresAt: Infinity,
        staleUntil: Infinity,
        tags: [],
      });
    });

    it('flags a value past expiresAt stale, and serves nothing past staleUntil', () => {
      const { store, clock, evicted } = newStore();
      store.set('k', 'v', { size: 1, expiresAt: 1000, staleUntil: 2000 });
      clock.now = 999;
      expect(store.hit('k')?.stale).toBe(false);
      clock.now = 1000;
      expect(store.hit('k')).toMatchObject({ value: 'v', stale: true });
      clock.now = 2000;
      expect(store.hit('k')).toBeUndefined();
      expect(evicted).toEqual([{ key: 'k', reason: 'expired' }]);
    });

    it('counts a read as get does: the key read is not the one evicted', () => {
      const { store, evicted } = newStore({ policy: 'lru', maxEntries: 3 });
      ['a', 'b', 'c'].forEach((key) => store.set(key, key, { size: 1 }));
      expect(store.hit('a')?.value).toBe('a');
      store.set('d', 'd', { size: 1 });
      expect(evicted).toEqual([{ key: 'b', reason: 'size' }]);
    });

    it('serves the latest write, and a stored undefined as a hit', () => {
      const store = new L1Store<string | undefined>({ maxEntries: 10, maxBytes: 100, policy: 'lru' });
      store.set('k', 'v1', { size: 1, version: 1 });
      store.set('k', 'v2', { size: 1, version: 2 });
      expect(store.hit('k')).toMatchObject({ value: 'v2', version: 2 });
      store.set('nothing', undefined, { size: 1 });
      expect(store.hit('nothing')).toMatchObject({ value: undefined, stale: false });
      expect(store.hit('absent')).toBeUndefined();
    });

    it('leaves get answering one frozen lookup per write', () => {
      const { store } = newStore();
      store.set('k', 'v1', { size: 1 });
      store.hit('k');
      const first = store.get('k');
      expect(first).toEqual({ value: 'v1', stale: false });
      expect(Object.isFrozen(first)).toBe(true);
      expect(store.get('k')).toBe(first);
      store.set('k', 'v2', { size: 1 });
      expect(store.get('k')).toEqual({ value: 'v2', stale: false });
    });
  });

  describe('read buffer (hits are applied in batches)', () => {
    it.each([
      { reads: 0, evicted: 'x' },
      { reads: 5, evicted: 'k0' },
    ])(
      'tinylfu: $reads buffered reads of a window key count in the next admission contest ($evicted leaves)',
      ({ reads, evicted: expected }) => {
        const { store, evicted } = newStore({ maxEntries: 10, adaptiveWindow: false });
        for (let i = 0; i < 10; i++) store.set(`k${i}`, 'v', { size: 1 });
        store.set('x', 'v', { size: 1 }); // evicts k9, the candidate that lost to k0 on a tie
        for (let i = 0; i < reads; i++) store.get('x');
        // `y` pushes `x` out of the window: it competes with probation's LRU, k0 (seen once).
        store.set('y', 'v', { size: 1 });
        expect(evicted.map(({ key }) => key)).toEqual(['k9', expected]);
        expect(store.has('x')).toBe(expected !== 'x');
      },
    );

    it('lru: applies more hits than the buffer holds in the order they happened', () => {
      const { store, evicted } = newStore({ policy: 'lru', maxEntries: 3 });
      ['a', 'b', 'c'].forEach((key) => store.set(key, key, { size: 1 }));
      store.get('b');
      for (let i = 0; i < 150; i++) store.get('c');
      store.get('a');
      store.set('d', 'd', { size: 1 });
      expect(evicted).toEqual([{ key: 'b', reason: 'size' }]);
      expect(store.droppedReads).toBe(0);
    });

    it('tinylfu: a synchronous run of hits past the 64 the buffer holds drops the rest, and the next microtask counts again', async () => {
      const { store } = newStore();
      store.set('a', 'a', { size: 1 });
      const served = Array.from({ length: 100 }, () => store.get('a')?.value);
      expect(served.every((value) => value === 'a')).toBe(true);
      expect(store.droppedReads).toBe(36);

      await Promise.resolve();
      store.get('a');
      expect(store.droppedReads).toBe(36);
    });

    it('tinylfu: hits that await between them (a server: one request per task) are never dropped', async () => {
      const { store } = newStore();
      store.set('a', 'a', { size: 1 });
      for (let i = 0; i < 1000; i++) {
        expect(await store.get('a')?.value).toBe('a');
      }
      expect(store.droppedReads).toBe(0);
    });

    it('tinylfu: a miss or a write within a run applies the buffer at once, so no hit is dropped', () => {
      const { store } = newStore();
      store.set('a', 'a', { size: 1 });
      for (let i = 0; i < 64; i++) store.get('a');
      store.get('absent');
      for (let i = 0; i < 64; i++) store.get('a');
      store.set('b', 'b', { size: 1 });
      for (let i = 0; i < 64; i++) store.get('a');
      expect(store.droppedReads).toBe(0);
    });

    it.each([
      // The evictions of a store that applies every hit at once; `b` is read by a's callback.
      { policy: 'tinylfu' as EvictionPolicyName, order: ['b', 'a', 'c', 'f'], left: ['d', 'e', 'g'] },
      { policy: 'lru' as EvictionPolicyName, order: ['a', 'c', 'b', 'd'], left: ['e', 'f', 'g'] },
    ])(
      '$policy: an onEvict callback that reads the store sees its hits applied at once',
      ({ policy, order, left }) => {
        const evicted: string[] = [];
        const store: L1Store<string> = new L1Store<string>({
          policy,
          maxEntries: 3,
          maxBytes: 10,
          onEvict: (key) => {
            evicted.push(key);
            if (key === 'a') store.get('b');
          },
        });
        store.set('a', 'a', { size: 4 });
        store.set('b', 'b', { size: 4 });
        store.set('c', 'c', { size: 10 });
        for (const key of ['d', 'e', 'f', 'g']) store.set(key, key, { size: 1 });
        expect(evicted).toEqual(order);
        expect([...store.residents()].map(([key]) => key).sort()).toEqual(left);
      },
    );
  });

  describe('topK', () => {
    it.each(POLICIES)('%s: lists the most read resident keys, hottest first', (policy) => {
      const { store } = newStore({ policy });
      const reads = { cold: 1, warm: 4, hot: 9, hotter: 12 };
      for (const [key, times] of Object.entries(reads)) {
        store.set(key, key, { size: 1 });
        for (let i = 0; i < times; i++) store.get(key);
      }
      expect(store.topK(3).map(({ key }) => key)).toEqual(['hotter', 'hot', 'warm']);
      expect(store.topK(1)[0].frequency).toBeGreaterThanOrEqual(13);

      store.delete('hotter');
      expect(store.topK(2).map(({ key }) => key)).toEqual(['hot', 'warm']);
    });
  });
});
