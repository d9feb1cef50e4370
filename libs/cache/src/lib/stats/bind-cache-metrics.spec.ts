import { MetricsRegistry } from '@hotpath/telemetry';
import { StaticPolicySource } from '../policy/static-policy-source';
import { CacheStatistics } from './cache-statistics';
import { TieredCache } from '../tiered/tiered-cache';
import { bindCacheMetrics } from './bind-cache-metrics';

describe('bindCacheMetrics', () => {
  it('shows a cache’s hits, misses, hit ratio and loads on /metrics', async () => {
    const cache = new TieredCache({
      instanceId: 'metrics',
      policies: new StaticPolicySource([{ namespace: 'auth', tiers: ['l1'] }]),
    });
    const metrics = new MetricsRegistry({ serviceName: 'cache-service', collectDefaultMetrics: false });
    bindCacheMetrics(metrics, cache.statistics);

    await cache.set('auth', 'k', 1);
    await cache.get('auth', 'k');
    await cache.get('auth', 'k');
    await cache.get('auth', 'missing');
    await cache.getOrLoad('auth', 'loaded', async () => 2);

    const text = await metrics.metrics();
    expect(text).toMatch(/hotpath_cache_hits_total\{tier="l1",namespace="auth"[^}]*\} 2/);
    expect(text).toMatch(/hotpath_cache_misses_total\{tier="l1",namespace="auth"[^}]*\} 2/);
    expect(text).toMatch(/hotpath_cache_hit_ratio\{tier="l1",namespace="auth"[^}]*\} 0\.5/);
    expect(text).toMatch(/hotpath_cache_loads_total\{namespace="auth",outcome="loaded"[^}]*\} 1/);
  });

  it('labels the namespaces held at scrape time, and _other for the reads of any other', async () => {
    const statistics = new CacheStatistics();
    const metrics = new MetricsRegistry({ serviceName: 'cache-service', collectDefaultMetrics: false });
    bindCacheMetrics(metrics, statistics);
    statistics.of('held').l1.hits = 1;
    statistics.of('released').l1.hits = 2;
    statistics.unheld.l2.misses = 3;
    expect(await metrics.metrics()).toContain('namespace="released"');

    statistics.release('released');
    const text = await metrics.metrics();
    // The released series ends; its counts do not reappear under another label.
    expect(text).not.toContain('namespace="released"');
    expect(text).toMatch(/hotpath_cache_hits_total\{tier="l1",namespace="_other"[^}]*\} 0/);
    expect(text).toMatch(/hotpath_cache_misses_total\{tier="l2",namespace="_other"[^}]*\} 3/);
    expect(text).toMatch(/hotpath_cache_hits_total\{tier="l1",namespace="held"[^}]*\} 1/);
  });
});
