import { L1ByteBudget } from './l1-byte-budget';
import { L1Store } from './l1-store';
import type { EvictionReason } from './eviction-reason';

function storeIn(budget: L1ByteBudget, evicted: Array<[string, EvictionReason]> = []): L1Store<string> {
  return new L1Store<string>({
    maxEntries: 1000,
    maxBytes: 1_000_000,
    clock: () => 0,
    random: () => 0.5,
    budget,
    onEvict: (key, _value, reason) => evicted.push([key, reason]),
  });
}

describe('L1ByteBudget', () => {
  it('keeps the stores that share it under maxBytes together, each under its own bounds', () => {
    const budget = new L1ByteBudget(1000);
    const [a, b] = [storeIn(budget), storeIn(budget)];
    for (let i = 0; i < 50; i++) {
      a.set(`a${i}`, 'v', { size: 30 });
      b.set(`b${i}`, 'v', { size: 20 });
      expect(a.bytes + b.bytes).toBeLessThanOrEqual(1000);
      expect(budget.bytes).toBe(a.bytes + b.bytes);
    }
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
  });

  it('evicts from the store holding the most bytes, by that store’s own policy', () => {
    const budget = new L1ByteBudget(1000);
    const evictedFromBig: Array<[string, EvictionReason]> = [];
    const big = storeIn(budget, evictedFromBig);
    const small = storeIn(budget);
    for (let i = 0; i < 9; i++) big.set(`big${i}`, 'v', { size: 100 });
    small.set('s0', 'v', { size: 50 });
    small.set('s1', 'v', { size: 50 });
    // 1000 bytes: full. One more small write takes the big store down, not the small one.
    small.set('s2', 'v', { size: 50 });
    expect(small.size).toBe(3);
    expect(big.bytes).toBe(800);
    expect(evictedFromBig).toEqual([['big0', 'size']]);
    expect(budget.bytes).toBe(950);
  });

  it('takes a closed store’s bytes off, and lets it write freely after', () => {
    const budget = new L1ByteBudget(1000);
    const store = storeIn(budget);
    store.set('k', 'v', { size: 400 });
    expect(budget).toMatchObject({ bytes: 400, stores: 1 });
    store.close();
    expect(budget).toMatchObject({ bytes: 0, stores: 0 });
    store.set('k', 'v', { size: 900 });
    expect(budget.bytes).toBe(0);
  });

  it('counts clears, deletes, overwrites and expiry sweeps', () => {
    const budget = new L1ByteBudget(10_000);
    let now = 0;
    const store = new L1Store<string>({ maxEntries: 10, maxBytes: 10_000, clock: () => now, budget });
    store.set('a', 'v', { size: 100 });
    store.set('a', 'v', { size: 150 });
    store.set('b', 'v', { size: 200, expiresAt: 10 });
    store.set('c', 'v', { size: 300 });
    expect(budget.bytes).toBe(650);
    store.delete('a');
    now = 20;
    store.sweep();
    expect(budget.bytes).toBe(300);
    store.clear();
    expect(budget.bytes).toBe(0);
  });

  it('refuses a budget that is not positive', () => {
    expect(() => new L1ByteBudget(0)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
