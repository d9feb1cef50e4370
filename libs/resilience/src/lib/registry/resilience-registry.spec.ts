import { MetricsRegistry } from '@hotpath/telemetry';
import { ResilienceRegistry } from './resilience-registry';

describe('ResilienceRegistry', () => {
  const setup = () => {
    const clock = { now: 0 };
    const metrics = new MetricsRegistry({ serviceName: 'test', collectDefaultMetrics: false });
    const registry = new ResilienceRegistry({
      metrics,
      breakerDefaults: { slidingWindowSize: 2, minimumNumberOfCalls: 2, waitDurationInOpenStateMs: 1_000, clock: () => clock.now },
    });
    return { clock, metrics, registry };
  };
  const fail = () => Promise.reject(new Error('down'));

  it('creates each breaker once, by name', () => {
    const { registry } = setup();
    expect(registry.breaker('pg')).toBe(registry.breaker('pg'));
    expect(() => registry.add(registry.breaker('pg'))).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it.each<[string, (r: ResilienceRegistry, clock: { now: number }) => Promise<void>, string, string]>([
    ['all closed: up', async () => undefined, 'up', 'closed'],
    ['one open: down', async (r) => { for (let i = 0; i < 2; i++) await r.breaker('redis').execute(fail).catch(() => undefined); }, 'down', 'open'],
    ['one half-open: degraded', async (r, clock) => { for (let i = 0; i < 2; i++) await r.breaker('redis').execute(fail).catch(() => undefined); clock.now = 1_000; }, 'degraded', 'half-open'],
    ['one forced open: down', async (r) => r.breaker('redis').forceOpen(), 'down', 'forced-open'],
  ])('health and snapshot: %s', async (_title, act, health, state) => {
    const { registry, clock } = setup();
    registry.breaker('pg');
    registry.breaker('redis');
    await act(registry, clock);
    expect(registry.health()).toBe(health);
    expect(registry.snapshot().map((snapshot) => [snapshot.name, snapshot.state, snapshot.health])).toEqual([
      ['pg', 'closed', 'up'],
      ['redis', state, health],
    ]);
  });

  it('readiness fails while a breaker is open, naming it, and passes again once it recovers', async () => {
    const { registry, clock } = setup();
    const redis = registry.breaker('redis');
    const check = registry.readinessCheck();
    await expect(check.check(new AbortController().signal)).resolves.toEqual({ health: 'up', breakers: { redis: 'closed' } });
    for (let i = 0; i < 2; i++) await redis.execute(fail).catch(() => undefined);
    await expect(check.check(new AbortController().signal)).rejects.toThrow("circuit breaker 'redis' (open) open");
    // Not included: reported as down, not fatal.
    await expect(registry.readinessCheck('critical', (breaker) => breaker.name === 'pg').check(new AbortController().signal)).resolves.toEqual({ health: 'down', breakers: { redis: 'open' } });
    clock.now = 1_000;
    // Half-open serves probes: ready, degraded.
    await expect(check.check(new AbortController().signal)).resolves.toEqual({ health: 'degraded', breakers: { redis: 'half-open' } });
  });

  it('exports state, calls by outcome and latency as Prometheus metrics', async () => {
    const { registry, metrics } = setup();
    const pg = registry.breaker('pg', { slidingWindowSize: 10, minimumNumberOfCalls: 10 });
    await pg.execute(() => 'ok');
    await pg.execute(fail).catch(() => undefined);
    const redis = registry.breaker('redis');
    redis.forceOpen();
    await redis.execute(() => 'never').catch(() => undefined);
    const text = await metrics.metrics();
    expect(text).toContain('resilience_breaker_state{name="pg",service="test"} 0');
    expect(text).toContain('resilience_breaker_state{name="redis",service="test"} 3');
    expect(text).toContain('resilience_calls_total{name="pg",outcome="success",service="test"} 1');
    expect(text).toContain('resilience_calls_total{name="pg",outcome="failure",service="test"} 1');
    expect(text).toContain('resilience_calls_total{name="redis",outcome="rejected",service="test"} 1');
    expect(text).toMatch(/^resilience_call_duration_seconds_count\{[^}]*name="pg"[^}]*\} 2$/m);
    expect(text).not.toMatch(/^resilience_call_duration_seconds_count\{[^}]*name="redis"[^}]*\} [1-9]/m); // rejections have no duration
  });
});
