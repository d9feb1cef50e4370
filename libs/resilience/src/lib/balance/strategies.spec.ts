import type { BalancingStrategy } from './balancing-strategy';
import { ConsistentHashStrategy } from './consistent-hash.strategy';
import { LeastConnectionsStrategy } from './least-connections.strategy';
import { PeakEwmaStrategy } from './peak-ewma.strategy';
import { RoundRobinStrategy } from './round-robin.strategy';
import { Upstream } from './upstream';
import { WeightedRoundRobinStrategy } from './weighted-round-robin.strategy';

const upstreams = (...weights: number[]) =>
  weights.map((weight, i) => new Upstream({ url: `http://10.0.0.${i + 1}`, id: String.fromCharCode(97 + i), weight }, 1_000, 0));

/** How many of `picks` went to each upstream id. */
function tally(strategy: BalancingStrategy, candidates: Upstream[], picks: number, key?: (i: number) => string) {
  const counts: Record<string, number> = {};
  for (let i = 0; i < picks; i++) {
    const id = strategy.pick(candidates, key?.(i), 0).id;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

describe('balancing strategies', () => {
  it('round robin takes each in turn', () => {
    const strategy = new RoundRobinStrategy();
    const set = upstreams(1, 1, 1);
    expect(Array.from({ length: 6 }, () => strategy.pick(set).id).join('')).toBe('abcabc');
  });

  it.each<[number[], string, Record<string, number>]>([
    [[5, 1, 1], 'aabacaa', { a: 500, b: 100, c: 100 }],
    [[1, 1], 'ababab', { a: 350, b: 350 }],
    [[3, 2], 'ababa', { a: 420, b: 280 }],
  ])('smooth weighted round robin with weights %j spreads picks (%s) in proportion', (weights, sequence, shares) => {
    const set = upstreams(...weights);
    const strategy = new WeightedRoundRobinStrategy();
    expect(Array.from({ length: sequence.length }, () => strategy.pick(set).id).join('')).toBe(sequence);
    expect(tally(new WeightedRoundRobinStrategy(), set, 700)).toEqual(shares);
  });

  it('least connections sends to the upstream with the fewest in flight per weight, ties in turn', () => {
    const set = upstreams(1, 1, 2);
    const strategy = new LeastConnectionsStrategy();
    set[0].inFlight = 3;
    set[1].inFlight = 1;
    set[2].inFlight = 4; // 2 per unit of weight
    expect(strategy.pick(set).id).toBe('b');
    set[1].inFlight = 5;
    expect(strategy.pick(set).id).toBe('c');
    for (const upstream of set) upstream.inFlight = 0;
    expect(new Set(Array.from({ length: 3 }, () => strategy.pick(set).id)).size).toBe(3);
  });

  it('peak-EWMA power of two choices avoids the slow upstream and the busy one', () => {
    const set = upstreams(1, 1, 1);
    set[0].latency.observe(200, 0);
    set[1].latency.observe(5, 0);
    set[2].latency.observe(5, 0);
    set[2].inFlight = 10; // 5 ms × 11: busier than b, still cheaper than a
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const counts = tally(new PeakEwmaStrategy(random), set, 3_000);
    expect(counts.a ?? 0).toBe(0); // never the lower-cost of any pair
    expect(counts.b).toBeGreaterThan(1_900); // wins every pair it is in
    expect(counts.c).toBeGreaterThan(800); // wins its pairs with a
  });

  it('peak-EWMA believes a peak at once and forgets it with time', () => {
    const [upstream] = upstreams(1);
    upstream.latency.observe(10, 0);
    upstream.latency.observe(500, 1);
    expect(upstream.latency.cost(1)).toBe(500);
    expect(upstream.latency.cost(3_001)).toBeLessThan(500 * Math.exp(-2.9));
  });

  describe('consistent hashing', () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `user:${i}`);

    it('sends a key to the same upstream every time, spread evenly (±25%)', () => {
      const set = upstreams(1, 1, 1, 1);
      const strategy = new ConsistentHashStrategy();
      const first = keys.map((key) => strategy.pick(set, key, 0).id);
      expect(keys.map((key) => strategy.pick(set, key, 0).id)).toEqual(first);
      const counts = tally(strategy, set, keys.length, (i) => keys[i]);
      for (const count of Object.values(counts)) expect(Math.abs(count - 500)).toBeLessThan(125);
    });

    it('moves only the keys of an upstream that leaves, and gives them back when it returns', () => {
      const set = upstreams(1, 1, 1, 1);
      const strategy = new ConsistentHashStrategy();
      const before = keys.map((key) => strategy.pick(set, key, 0).id);
      const without = keys.map((key) => strategy.pick(set.filter((u) => u.id !== 'c'), key, 0).id);
      const moved = keys.filter((_, i) => before[i] !== without[i]);
      expect(moved.length).toBe(before.filter((id) => id === 'c').length);
      expect(keys.map((key) => strategy.pick(set, key, 0).id)).toEqual(before);
    });

    it('gives a heavier upstream a proportionally larger share', () => {
      const counts = tally(new ConsistentHashStrategy(), upstreams(3, 1), keys.length, (i) => keys[i]);
      expect(counts.a / keys.length).toBeGreaterThan(0.65);
      expect(counts.a / keys.length).toBeLessThan(0.85);
    });
  });
});
