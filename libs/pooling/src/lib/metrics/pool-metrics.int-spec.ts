import { randomUUID } from 'node:crypto';
import { freePort } from '@hotpath/testing';
import { MetricsRegistry } from '@hotpath/telemetry';
import { RecordingLogger } from '../../../test/recording-logger';
import { poolReadiness } from '../health/pool-readiness';
import type { ManagedPoolOptions } from '../options/managed-pool-options';
import { ManagedPool } from '../pool/managed-pool';
import { PoolMetrics } from './pool-metrics';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

describe('pool metrics, snapshot and readiness against a real PostgreSQL', () => {
  const pools: ManagedPool[] = [];

  const open = (options: Partial<ManagedPoolOptions> = {}): ManagedPool => {
    const pool = new ManagedPool({
      name: `m-${randomUUID().slice(0, 8)}`,
      connection: { connectionString: DATABASE_URL },
      max: 2,
      logger: new RecordingLogger(),
      ...options,
    });
    pools.push(pool);
    return pool;
  };

  /** The value of one sample line of the scrape, e.g. `db_pool_connections{pool="x",state="idle"}`. */
  const sample = (scrape: string, metric: string, labels: Record<string, string>): number | undefined => {
    const line = scrape.split('\n').find((candidate) => {
      if (!candidate.startsWith(`${metric}{`)) return false;
      return Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`));
    });
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  afterAll(() => Promise.all(pools.map((pool) => pool.end())));

  it('exports HikariCP-style numbers through the service registry', async () => {
    const metrics = new MetricsRegistry({ serviceName: 'pooling-test', collectDefaultMetrics: false });
    const pool = open({ acquireTimeoutMs: 100 });
    new PoolMetrics(metrics).register(pool);
    const held = await pool.connect(); // opens connection 1
    (await pool.connect()).release(); // opens connection 2, held and given back
    const second = await pool.connect(); // connection 2 again: both in use now
    const timedOut = await pool.connect().catch((error: unknown) => error);

    const scrape = await metrics.metrics();
    const pool_ = { pool: pool.name };

    expect(timedOut).toMatchObject({ code: 'ACQUIRE_TIMEOUT' });
    expect({
      total: sample(scrape, 'db_pool_connections', { ...pool_, state: 'total' }),
      idle: sample(scrape, 'db_pool_connections', { ...pool_, state: 'idle' }),
      inUse: sample(scrape, 'db_pool_connections', { ...pool_, state: 'in_use' }),
      waiting: sample(scrape, 'db_pool_connections', { ...pool_, state: 'waiting' }),
      max: sample(scrape, 'db_pool_connections', { ...pool_, state: 'max' }),
      min: sample(scrape, 'db_pool_connections', { ...pool_, state: 'min' }),
      acquires: sample(scrape, 'db_pool_acquire_seconds_count', pool_),
      acquiresUnder30s: sample(scrape, 'db_pool_acquire_seconds_bucket', { ...pool_, le: '30' }),
      holds: sample(scrape, 'db_pool_hold_seconds_count', pool_),
      created: sample(scrape, 'db_pool_connection_create_seconds_count', pool_),
      timeouts: sample(scrape, 'db_pool_timeouts_total', pool_),
      connectErrors: sample(scrape, 'db_pool_errors_total', { ...pool_, kind: 'connect' }),
      leaks: sample(scrape, 'db_pool_leaks_total', pool_),
    }).toEqual({
      total: 2,
      idle: 0,
      inUse: 2,
      waiting: 0,
      max: 2,
      min: 0,
      acquires: 3,
      acquiresUnder30s: 3,
      holds: 1,
      created: 2,
      timeouts: 1,
      connectErrors: 0,
      leaks: 0,
    });
    expect(scrape).toContain(
      `db_pool_acquire_seconds_bucket{pool="${pool.name}",le="+Inf",service="pooling-test"} 3`,
    );
    expect(sample(scrape, 'db_pool_hold_seconds_sum', pool_)).toBeGreaterThan(0);
    held.release();
    second.release();
  });

  it('refuses the same pool name twice', () => {
    const metrics = new PoolMetrics(
      new MetricsRegistry({ serviceName: 'pooling-test', collectDefaultMetrics: false }),
    );
    const pool = open();
    metrics.register(pool);

    expect(() => metrics.register(pool)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('snapshots the numbers and moves up → degraded → down → up', async () => {
    // The timeout also bounds opening the first two connections: long enough for a loaded machine
    // (50 ms failed once there), short enough for the third connect to time out soon.
    const pool = open({ max: 2, acquireTimeoutMs: 500, degradedWindowMs: 0 });
    const first = await pool.connect();
    const up = pool.snapshot();
    const second = await pool.connect();
    const degraded = pool.snapshot();
    await pool.connect().catch(() => undefined);
    const down = pool.snapshot();
    second.release();
    (await pool.connect()).release();
    const recovered = pool.snapshot();

    expect(up).toMatchObject({
      status: 'up',
      total: 1,
      idle: 0,
      inUse: 1,
      waiting: 0,
      max: 2,
      utilisation: 0.5,
      acquired: 1,
      timeouts: 0,
    });
    expect(degraded).toMatchObject({ status: 'degraded', total: 2, inUse: 2, utilisation: 1, acquired: 2 });
    expect(down).toMatchObject({
      status: 'down',
      timeouts: 1,
      lastError: expect.stringContaining('could not hand out a connection within 500 ms'),
    });
    expect(recovered).toMatchObject({
      status: 'up',
      total: 2,
      idle: 1,
      inUse: 1,
      acquired: 3,
      timeouts: 1,
      lastError: null,
    });
    expect(recovered.meanHoldMs).toBeGreaterThan(0);
    first.release();
  });

  it('does not call a busy pool degraded before the window has passed', async () => {
    const pool = open({ max: 2, degradedWindowMs: 60_000 });
    const held = await Promise.all([pool.connect(), pool.connect()]);

    expect(pool.snapshot()).toMatchObject({ status: 'up', utilisation: 1 });
    held.forEach((client) => client.release());
  });

  describe('poolReadiness', () => {
    it('passes for a pool that hands out connections, even saturated', async () => {
      const pool = open({ max: 1, degradedWindowMs: 0 });
      const held = await pool.connect();

      // Ready, and the report says degraded: one of one connection in use.
      await expect(poolReadiness(pool).check(AbortSignal.timeout(1000))).resolves.toMatchObject({
        health: 'degraded',
        inUse: 1,
        max: 1,
        utilisation: 1,
      });
      expect(pool.snapshot().status).toBe('degraded');
      held.release();
    });

    it('probes an unused pool with SELECT 1', async () => {
      const pool = open();

      await poolReadiness(pool, { name: 'primary' }).check(AbortSignal.timeout(1000));

      expect([pool.counters.acquired, pool.totalCount]).toEqual([1, 1]);
    });

    it('throws UNAVAILABLE when the primary cannot hand out a connection', async () => {
      const port = await freePort();
      const pool = open({
        connection: { connectionString: `postgres://postgres@127.0.0.1:${port}/hotpath` },
        connectRetry: { attempts: 1 },
      });
      const readiness = poolReadiness(pool);

      const error = await readiness.check(AbortSignal.timeout(1000)).catch((e: unknown) => e);

      expect(readiness.name).toBe('postgres');
      expect(error).toMatchObject({
        code: 'UNAVAILABLE',
        cause: expect.objectContaining({ code: 'CONNECT_FAILED' }),
      });
      expect(pool.snapshot().status).toBe('down');
    });
  });
});
