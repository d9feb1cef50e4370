import { EventEmitter } from 'node:events';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { PoolCluster } from '../cluster/pool-cluster';
import type { AcquireCallback } from '../pool/acquire-callback';
import type { ManagedPool } from '../pool/managed-pool';
import { queryOnBorrowed } from '../pool/query-on-borrowed';

const noop = (): void => undefined;

/**
 * What TypeORM's PostgresDriver gets from `new driver.Pool(options)`: the `pg.Pool` surface it
 * calls (`connect(callback)`, `on('error')`, `end(callback)`) over a {@link PoolCluster}. The
 * `write` handle (TypeORM's master) borrows from the primary; the `read` handle (its only slave)
 * borrows through the cluster's replica routing. Ending either ends the cluster, as destroying a
 * DataSource ends its pools.
 */
export class PoolHandle extends EventEmitter {
  constructor(
    private readonly cluster: PoolCluster,
    readonly role: 'read' | 'write',
  ) {
    super();
  }

  private get pool(): ManagedPool {
    return this.cluster.primary;
  }

  get totalCount(): number {
    return this.pool.totalCount;
  }

  get idleCount(): number {
    return this.pool.idleCount;
  }

  get waitingCount(): number {
    return this.pool.waitingCount;
  }

  connect(): Promise<PoolClient>;
  connect(callback: AcquireCallback): void;
  connect(callback?: AcquireCallback): Promise<PoolClient> | void {
    const borrowed = this.role === 'read' ? this.cluster.connectRead() : this.cluster.connectWrite();
    if (callback === undefined) return borrowed;
    borrowed.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error, undefined, noop),
    );
  }

  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    return queryOnBorrowed<R>(() => this.connect(), text, values);
  }

  end(): Promise<void>;
  end(callback: (error?: Error) => void): void;
  end(callback?: (error?: Error) => void): Promise<void> | void {
    const ended = this.cluster.end();
    if (callback === undefined) return ended;
    ended.then(() => callback(), callback);
  }
}
