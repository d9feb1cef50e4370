import { L1ByteBudget } from './l1-byte-budget';
import { L1_ENTRY_OVERHEAD_BYTES } from './l1-entry';
import { L1Store } from './l1-store';
import type { EvictionReason } from './eviction-reason';

/** What an entry of a 2-character key and `size` bytes counts for in a budget. */
const footprintOf = (size: number) => size + 2 + L1_ENTRY_OVERHEAD_BYTES;

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
    const budget = new L1ByteBudget(10_000);
    const [a, b] = [storeIn(budget), storeIn(budget)];
    for (let i = 0; i < 50; i++) {
      a.set(`a${i}`, 'v', { size: 300 });
      b.set(`b${i}`, 'v', { size: 200 });
      expect(a.footprint + b.footprint).toBeLessThanOrEqual(10_000);
      expect(budget.bytes).toBe(a.footprint + b.footprint);
    }
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
  });

  it('counts each entry’s key and overhead besides its size', () => {
    const budget = new L1ByteBudget(10_000);
    const store = storeIn(budget);
    store.set('k1', 'v', { size: 100 });
    expect(store.bytes).toBe(100);
    expect(store.footprint).toBe(footprintOf(100));
    expect(budget.bytes).toBe(footprintOf(100));
  });

  it('evicts from the store holding the most, by that store’s own policy', () => {
    const budget = new L1ByteBudget(10 * footprintOf(100));
    const evictedFromBig: Array<[string, EvictionReason]> = [];
    const big = storeIn(budget, evictedFromBig);
    const small = storeIn(budget);
    for (let i = 0; i < 8; i++) big.set(`b${i}`, 'v', { size: 100 });
    small.set('s0', 'v', { size: 100 });
    small.set('s1', 'v', { size: 100 });
    // Full. One more small write takes the big store down, not the small one.
    small.set('s2', 'v', { size: 100 });
    expect(small.size).toBe(3);
    expect(big.size).toBe(7);
    expect(evictedFromBig).toEqual([['b0', 'size']]);
    expect(budget.bytes).toBe(10 * footprintOf(100));
  });

  it('takes a closed store’s footprint off, and lets it write freely after', () => {
    const budget = new L1ByteBudget(10_000);
    const store = storeIn(budget);
    store.set('k1', 'v', { size: 400 });
    expect(budget).toMatchObject({ bytes: footprintOf(400), stores: 1 });
    store.close();
    expect(budget).toMatchObject({ bytes: 0, stores: 0 });
    store.set('k1', 'v', { size: 9000 });
    expect(budget.bytes).toBe(0);
  });

  it('counts clears, deletes, overwrites and expiry sweeps', () => {
    const budget = new L1ByteBudget(100_000);
    let now = 0;
    const store = new L1Store<string>({ maxEntries: 10, maxBytes: 10_000, clock: () => now, budget });
    store.set('k1', 'v', { size: 100 });
    store.set('k1', 'v', { size: 150 });
    store.set('k2', 'v', { size: 200, expiresAt: 10 });
    store.set('k3', 'v', { size: 300 });
    expect(budget.bytes).toBe(footprintOf(150) + footprintOf(200) + footprintOf(300));
    store.delete('k1');
    now = 20;
    store.sweep();
    expect(budget.bytes).toBe(footprintOf(300));
    store.clear();
    expect(budget.bytes).toBe(0);
  });

  it('refuses a budget that is not positive', () => {
    expect(() => new L1ByteBudget(0)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
