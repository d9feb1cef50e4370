import { CacheStatistics } from './cache-statistics';

describe('CacheStatistics', () => {
  it('keeps a released namespace’s counts in others and the totals, which never go back', () => {
    const statistics = new CacheStatistics();
    statistics.of('a').l1.hits = 5;
    statistics.of('a').loadLatency.record(3);
    statistics.of('b').l1.hits = 2;
    statistics.release('a');
    statistics.release('never-held');
    const snapshot = statistics.snapshot();
    expect(Object.keys(snapshot.namespaces)).toEqual(['b']);
    expect(snapshot.others.l1.hits).toBe(5);
    expect(snapshot.others.loadP99Ms).toBe(5);
    expect(snapshot.unheld.l1.hits).toBe(0);
    expect(snapshot.tiers.l1.hits).toBe(7);
    expect(statistics.size).toBe(1);
  });

  it('lists only the busiest namespaces with maxNamespaces, and sums the rest into others', () => {
    const statistics = new CacheStatistics();
    for (let i = 1; i <= 5; i++) statistics.of(`ns${i}`).l2.misses = i * 10;
    statistics.unheld.l2.misses = 1;
    const snapshot = statistics.snapshot({ now: 42, maxNamespaces: 2 });
    expect(snapshot.at).toBe(42);
    expect(Object.keys(snapshot.namespaces).sort()).toEqual(['ns4', 'ns5']);
    expect(snapshot.others.l2.misses).toBe(1 + 10 + 20 + 30);
    expect(snapshot.tiers.l2.misses).toBe(1 + 150);
    // The statistics themselves are unchanged.
    expect(statistics.unheld.l2.misses).toBe(1);
    expect(snapshot.unheld.l2.misses).toBe(1);
    expect(Object.keys(statistics.snapshot().namespaces)).toHaveLength(5);
  });
});
