import { Histogram, Registry } from 'prom-client';
import { readPrometheusSample } from '../../testing/read-prometheus-sample';
import { TelemetryError } from '../errors/telemetry.error';
import { MetricsRegistry } from './metrics-registry';

const HISTOGRAM = 'http_server_request_duration_seconds';
const BOUNDS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BOUNDS_MS = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const ROUTE = { method: 'GET', route: '/api/v2/cache/entries/:key', status_code: '200' };

function newRegistry(serviceName = 'cache-service'): MetricsRegistry {
  return new MetricsRegistry({ serviceName, collectDefaultMetrics: false });
}

describe('MetricsRegistry', () => {
  it.each([
    { seconds: 0, bucket: 0 },
    { seconds: 0.0003, bucket: 0 },
    { seconds: 0.0005, bucket: 0 }, // bounds are inclusive (`le`)
    { seconds: 0.0007, bucket: 1 },
    { seconds: 0.004, bucket: 3 },
    { seconds: 0.2, bucket: 8 },
    { seconds: 5, bucket: 12 },
    { seconds: 7, bucket: 13 }, // +Inf
  ])('puts $seconds s into bucket $bucket in Prometheus and in the report', async ({ seconds, bucket }) => {
    const registry = newRegistry();
    registry.observeRequest('GET', ROUTE.route, 200, seconds);

    const text = await registry.metrics();
    BOUNDS_SECONDS.forEach((bound, index) => {
      const cumulative = readPrometheusSample(text, `${HISTOGRAM}_bucket`, { ...ROUTE, le: String(bound) });
      expect(cumulative).toBe(index >= bucket ? 1 : 0);
    });
    expect(readPrometheusSample(text, `${HISTOGRAM}_bucket`, { ...ROUTE, le: '+Inf' })).toBe(1);

    const [report] = registry.routeLatencyReport();
    const expected = new Array(BOUNDS_MS.length + 1).fill(0);
    expected[bucket] = 1;
    expect(report.histogram.counts).toEqual(expected);
  });

  it('reports non-cumulative counts in ms with a +Inf bucket, matching the Prometheus histogram', async () => {
    const registry = newRegistry();
    const observations = [0.0002, 0.0004, 0.0008, 0.003, 0.003, 0.12, 3, 9];
    for (const seconds of observations) {
      registry.observeRequest('get', ROUTE.route, 200, seconds);
    }
    registry.observeRequest('GET', ROUTE.route, 404, 0.0001);

    const report = registry.routeLatencyReport();
    expect(report).toHaveLength(2);
    const ok = report.find((entry) => entry.status === 200);
    expect(ok).toMatchObject({ method: 'GET', route: ROUTE.route, status: 200 });
    expect(ok?.histogram.boundsMs).toEqual(BOUNDS_MS);
    expect(ok?.histogram.counts).toEqual([2, 1, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1]);
    expect(ok?.histogram.count).toBe(8);
    expect(ok?.histogram.sumMs).toBeCloseTo(12_127.4, 6);

    const text = await registry.metrics();
    let running = 0;
    BOUNDS_SECONDS.forEach((bound, index) => {
      running += ok?.histogram.counts[index] ?? NaN;
      expect(readPrometheusSample(text, `${HISTOGRAM}_bucket`, { ...ROUTE, le: String(bound) })).toBe(
        running,
      );
    });
    expect(readPrometheusSample(text, `${HISTOGRAM}_count`, ROUTE)).toBe(8);
    expect(readPrometheusSample(text, `${HISTOGRAM}_sum`, ROUTE)).toBeCloseTo(12.1274, 9);
  });

  it('prints the histogram exactly as a prom-client Histogram with the same observations would', async () => {
    const registry = newRegistry();
    const reference = new Registry();
    reference.setDefaultLabels({ service: 'cache-service' });
    const histogram = new Histogram({
      name: HISTOGRAM,
      help: 'Duration of HTTP server requests, by route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BOUNDS_SECONDS,
      registers: [reference],
    });
    const observations: Array<[string, number, number]> = [
      ['/a', 200, 0.0004],
      ['/a', 200, 0.03],
      ['/a', 500, 2],
      ['/b/:id', 200, 0.0011],
      ['/a', 200, 11],
    ];
    for (const [route, status, seconds] of observations) {
      registry.observeRequest('GET', route, status, seconds);
      histogram.observe({ method: 'GET', route, status_code: String(status) }, seconds);
    }

    const section = (text: string) => text.split('\n').filter((line) => line.includes(HISTOGRAM)).sort();
    expect(section(await registry.metrics())).toEqual(section(await reference.metrics()));
    expect(section(await registry.metrics())).toHaveLength(3 * (BOUNDS_SECONDS.length + 3) + 2);
  });

  it('keeps two registries independent, each with its own service label', async () => {
    const cache = newRegistry('cache-service');
    const perf = newRegistry('performance-service');
    cache.observeRequest('GET', ROUTE.route, 200, 0.001);
    cache.createCounter({ name: 'hotpath_things_total', help: 'things' }).inc(3);
    perf.createCounter({ name: 'hotpath_things_total', help: 'things' }).inc(1);

    const cacheText = await cache.metrics();
    const perfText = await perf.metrics();
    expect(
      readPrometheusSample(cacheText, `${HISTOGRAM}_count`, { ...ROUTE, service: 'cache-service' }),
    ).toBe(1);
    expect(readPrometheusSample(perfText, `${HISTOGRAM}_count`, ROUTE)).toBeUndefined();
    expect(readPrometheusSample(cacheText, 'hotpath_things_total', { service: 'cache-service' })).toBe(3);
    expect(readPrometheusSample(perfText, 'hotpath_things_total', { service: 'performance-service' })).toBe(
      1,
    );
    expect(perf.routeLatencyReport()).toEqual([]);
  });

  it('lets other libraries add gauges and histograms, and refuses a duplicate name', async () => {
    const registry = newRegistry();
    registry
      .createGauge({ name: 'cache_hit_ratio', help: 'hit ratio', labelNames: ['namespace'] })
      .set({ namespace: 'auth' }, 0.9);
    registry.createHistogram({ name: 'pool_acquire_seconds', help: 'acquire', buckets: [0.01] }).observe(0.5);

    const text = await registry.metrics();
    expect(
      readPrometheusSample(text, 'cache_hit_ratio', { namespace: 'auth', service: 'cache-service' }),
    ).toBe(0.9);
    expect(readPrometheusSample(text, 'pool_acquire_seconds_count')).toBe(1);
    expect(() => registry.createCounter({ name: 'cache_hit_ratio', help: 'again' })).toThrow(
      expect.objectContaining({ name: 'TelemetryError', code: 'METRIC_ALREADY_REGISTERED' }),
    );
  });

  it('folds unknown methods into OTHER and rejects invalid durations', async () => {
    const registry = newRegistry();
    registry.observeRequest('BREW', 'unmatched', 404, 0.001);

    expect(
      readPrometheusSample(await registry.metrics(), `${HISTOGRAM}_count`, {
        method: 'OTHER',
        route: 'unmatched',
      }),
    ).toBe(1);
    expect(() => registry.observeRequest('GET', '/x', 200, -1)).toThrow(TelemetryError);
    expect(() => registry.observeRequest('GET', '/x', 200, Number.NaN)).toThrow(TelemetryError);
  });

  it('exposes default process metrics without a prefix and the Prometheus content type', async () => {
    const registry = new MetricsRegistry({ serviceName: 'worker' });
    const text = await registry.metrics();

    expect(
      readPrometheusSample(text, 'process_cpu_seconds_total', { service: 'worker' }),
    ).toBeGreaterThanOrEqual(0);
    expect(readPrometheusSample(text, 'nodejs_heap_size_used_bytes', { service: 'worker' })).toBeGreaterThan(
      0,
    );
    expect(registry.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
