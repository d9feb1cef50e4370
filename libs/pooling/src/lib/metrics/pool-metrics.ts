import type { MetricsRegistry } from '@hotpath/telemetry';
import { PoolError } from '../errors/pool.error';
import type { ManagedPool } from '../pool/managed-pool';
import { RecorderHistogram } from './recorder-histogram';

type State = 'total' | 'idle' | 'in_use' | 'waiting' | 'max' | 'min';

/**
 * HikariCP's pool metrics for every registered pool, on the service's {@link MetricsRegistry}
 * (labels: `pool`, plus the registry's `service`):
 *
 * | metric                                   | type      | HikariCP                         |
 * | ---------------------------------------- | --------- | -------------------------------- |
 * | `db_pool_connections{pool,state}`        | gauge     | connections, idle, active, pending, max, min |
 * | `db_pool_acquire_seconds{pool}`          | histogram | hikaricp_connections_acquire     |
 * | `db_pool_hold_seconds{pool}`             | histogram | hikaricp_connections_usage       |
 * | `db_pool_connection_create_seconds{pool}`| histogram | hikaricp_connections_creation    |
 * | `db_pool_timeouts_total{pool}`           | counter   | hikaricp_connections_timeout     |
 * | `db_pool_errors_total{pool,kind}`        | counter   | — (connect, connection, validation) |
 * | `db_pool_leaks_total{pool}`              | counter   | —                                |
 *
 * Everything is read from the pools at scrape time: registering costs the hot path nothing.
 */
export class PoolMetrics {
  private readonly pools = new Map<string, ManagedPool>();
  private readonly histograms: Record<'acquire' | 'hold' | 'create', RecorderHistogram>;

  constructor(metrics: MetricsRegistry) {
    const pools = this.pools;
    metrics.createGauge<'pool' | 'state'>({
      name: 'db_pool_connections',
      help: 'Connections of each pool by state (total, idle, in_use), its bounds (max, min) and the callers waiting (waiting).',
      labelNames: ['pool', 'state'],
      collect() {
        this.reset();
        for (const [pool, p] of pools) {
          const states: Record<State, number> = {
            total: p.totalCount,
            idle: p.idleCount,
            in_use: p.inUseCount,
            waiting: p.waitingCount,
            max: p.options.max,
            min: p.options.min,
          };
          for (const [state, value] of Object.entries(states)) this.set({ pool, state }, value);
        }
      },
    });
    metrics.createCounter<'pool'>({
      name: 'db_pool_timeouts_total',
      help: 'Acquires that failed with ACQUIRE_TIMEOUT.',
      labelNames: ['pool'],
      collect() {
        this.reset();
        for (const [pool, p] of pools) this.inc({ pool }, p.counters.timeouts);
      },
    });
    metrics.createCounter<'pool' | 'kind'>({
      name: 'db_pool_errors_total',
      help: 'Connection errors: connect (opening failed after retries), connection (an open one died), validation (SELECT 1 failed).',
      labelNames: ['pool', 'kind'],
      collect() {
        this.reset();
        for (const [pool, p] of pools) {
          this.inc({ pool, kind: 'connect' }, p.counters.connectErrors);
          this.inc({ pool, kind: 'connection' }, p.counters.connectionErrors);
          this.inc({ pool, kind: 'validation' }, p.counters.validationFailures);
        }
      },
    });
    metrics.createCounter<'pool'>({
      name: 'db_pool_leaks_total',
      help: 'Borrows held longer than the leak detection threshold.',
      labelNames: ['pool'],
      collect() {
        this.reset();
        for (const [pool, p] of pools) this.inc({ pool }, p.counters.leaks);
      },
    });
    this.histograms = {
      acquire: new RecorderHistogram(
        'db_pool_acquire_seconds',
        'Time callers waited for a connection (HikariCP acquire).',
      ),
      hold: new RecorderHistogram(
        'db_pool_hold_seconds',
        'Time connections were held by their borrower (HikariCP usage).',
      ),
      create: new RecorderHistogram(
        'db_pool_connection_create_seconds',
        'Time to open a connection, retries included.',
      ),
    };
    for (const histogram of Object.values(this.histograms)) {
      if (metrics.registry.getSingleMetric(histogram.name) !== undefined) {
        throw new PoolError('INVALID_OPTIONS', `metric "${histogram.name}" is already registered`);
      }
      metrics.registry.registerMetric(histogram.asMetric());
    }
  }

  /** Exposes the pools under their names; a name can be registered once. */
  register(...pools: ManagedPool[]): void {
    for (const pool of pools) {
      if (this.pools.has(pool.name))
        throw new PoolError('INVALID_OPTIONS', `a pool named "${pool.name}" is already registered`);
      this.pools.set(pool.name, pool);
      this.histograms.acquire.add(pool.name, pool.acquireLatency);
      this.histograms.hold.add(pool.name, pool.holdLatency);
      this.histograms.create.add(pool.name, pool.createLatency);
    }
  }

  unregister(pool: ManagedPool): void {
    if (this.pools.get(pool.name) !== pool) return;
    this.pools.delete(pool.name);
    for (const histogram of Object.values(this.histograms)) histogram.remove(pool.name);
  }
}
