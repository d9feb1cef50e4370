import type { ReadinessCheck } from '@hotpath/platform';
import { PoolCluster } from '../cluster/pool-cluster';
import { PoolError } from '../errors/pool.error';
import type { ManagedPool } from '../pool/managed-pool';
import type { PoolSnapshot } from './pool-snapshot';

/** What `/health/ready` shows for the pool: `health` is `degraded` above 80% utilisation sustained. */
export interface PoolReadinessReport {
  health: PoolSnapshot['status'];
  pool: string;
  inUse: number;
  max: number;
  waiting: number;
  utilisation: number;
}

function reportOf(snapshot: PoolSnapshot): PoolReadinessReport {
  const { status, name, inUse, max, waiting, utilisation } = snapshot;
  return { health: status, pool: name, inUse, max, waiting, utilisation: Math.round(utilisation * 100) / 100 };
}

export interface PoolReadinessOptions {
  /** Name in the readiness report [`postgres`]. */
  name?: string;
  /** A pool that handed out a connection this recently is not probed again [5 000 ms]. */
  freshMs?: number;
}

/**
 * Readiness of a pool or of a cluster's primary for `HealthModule`: throws (PoolError UNAVAILABLE,
 * with the cause) only when the primary is `down` — it cannot hand out a connection. A `degraded`
 * pool is still ready: taking a saturated instance out of the load balancer moves its load onto
 * the others. A pool that is up and handed out a connection within `freshMs` answers at once; any
 * other is probed with `SELECT 1` on a borrowed connection (the check's AbortSignal bounds the
 * wait), so readiness never queues behind a busy pool that is demonstrably serving.
 */
export function poolReadiness(
  target: ManagedPool | PoolCluster,
  options: PoolReadinessOptions = {},
): ReadinessCheck {
  const pool = target instanceof PoolCluster ? target.primary : target;
  const freshMs = options.freshMs ?? 5_000;
  return {
    name: options.name ?? 'postgres',
    async check(signal: AbortSignal): Promise<PoolReadinessReport> {
      const snapshot = pool.snapshot();
      if (
        snapshot.status !== 'down' &&
        snapshot.lastAcquiredMsAgo !== null &&
        snapshot.lastAcquiredMsAgo <= freshMs
      )
        return reportOf(pool.snapshot());
      try {
        const client = await pool.connect({ signal });
        try {
          await client.query('SELECT 1');
          client.release();
          return reportOf(pool.snapshot());
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new PoolError('UNAVAILABLE', `pool "${pool.name}" cannot hand out a connection: ${reason}`, {
          cause: error,
        });
      }
    },
  };
}
