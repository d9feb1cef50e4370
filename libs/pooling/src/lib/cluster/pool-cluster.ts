import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import { PoolError } from '../errors/pool.error';
import type { PoolLogger } from '../options/pool-logger';
import { ManagedPool } from '../pool/managed-pool';
import type { ClusterSnapshot } from './cluster-snapshot';
import type { PoolClusterOptions } from './pool-cluster-options';

/**
 * A primary pool plus optional read-replica pools. Writes and transactions go to the primary
 * ({@link connectWrite}); reads ({@link connectRead}) go round-robin over the replicas that are
 * healthy: a replica that cannot open a connection (CONNECT_FAILED) is skipped for
 * `replicaRetryMs` and the read falls back to the next replica, then to the primary. A replica
 * that is merely busy (ACQUIRE_TIMEOUT) is not skipped: moving its load to the primary would
 * spread the overload.
 *
 * Plug it into TypeORM with {@link pooledDataSourceOptions}.
 */
export class PoolCluster {
  readonly primary: ManagedPool;
  readonly replicas: readonly ManagedPool[];
  private readonly skipUntil: number[];
  private readonly replicaRetryMs: number;
  private readonly logger: PoolLogger;
  private next = 0;
  private readsOnPrimary = 0;
  private ending: Promise<void> | undefined;

  constructor(readonly options: PoolClusterOptions) {
    const logger = options.logger ?? options.pool?.logger;
    this.logger = logger ?? new Logger(`PoolCluster:${options.name}`);
    this.replicaRetryMs = options.replicaRetryMs ?? 5_000;
    if (!Number.isSafeInteger(this.replicaRetryMs) || this.replicaRetryMs < 0) {
      throw new PoolError(
        'INVALID_OPTIONS',
        `replicaRetryMs must be an integer ≥ 0, got ${options.replicaRetryMs}`,
      );
    }
    this.primary = new ManagedPool({
      ...options.pool,
      logger,
      name: `${options.name}-primary`,
      connection: options.primary,
    });
    this.replicas = (options.replicas ?? []).map(
      (connection, i) =>
        new ManagedPool({
          ...options.pool,
          ...options.replicaPool,
          logger,
          name: `${options.name}-replica-${i + 1}`,
          connection,
        }),
    );
    this.skipUntil = this.replicas.map(() => -Infinity);
  }

  /** Every pool, primary first. */
  get pools(): ManagedPool[] {
    return [this.primary, ...this.replicas];
  }

  /** A connection to the primary: for writes, transactions and reads that must see their own writes. */
  connectWrite(signal?: AbortSignal): Promise<PoolClient> {
    return this.primary.connect({ signal });
  }

  /** A connection to a healthy replica, or to the primary when there is none. */
  async connectRead(signal?: AbortSignal): Promise<PoolClient> {
    const count = this.replicas.length;
    for (let tried = 0; tried < count; tried++) {
      const i = this.next++ % count;
      if (performance.now() < this.skipUntil[i]) continue;
      try {
        return await this.replicas[i].connect({ signal });
      } catch (error) {
        if (!(error instanceof PoolError) || error.code !== 'CONNECT_FAILED') throw error;
        this.skipUntil[i] = performance.now() + this.replicaRetryMs;
        this.logger.warn(
          `replica pool "${this.replicas[i].name}" skipped for ${this.replicaRetryMs} ms: ${error.message}`,
        );
      }
    }
    if (count > 0) this.readsOnPrimary++;
    return this.primary.connect({ signal });
  }

  snapshot(): ClusterSnapshot {
    const now = performance.now();
    const primary = this.primary.snapshot();
    const replicas = this.replicas.map((pool, i) => ({
      ...pool.snapshot(),
      skipped: now < this.skipUntil[i],
    }));
    const replicaTrouble = replicas.some((replica) => replica.skipped || replica.status !== 'up');
    return {
      status: primary.status === 'up' && replicaTrouble ? 'degraded' : primary.status,
      primary,
      replicas,
      readsOnPrimary: this.readsOnPrimary,
    };
  }

  /** Ends every pool (idempotent: TypeORM ends its master and slave pools one by one). */
  end(): Promise<void> {
    this.ending ??= Promise.all(this.pools.map((pool) => pool.end())).then(() => undefined);
    return this.ending;
  }
}
