import pg, { type ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { PoolCluster } from '../cluster/pool-cluster';
import { PoolHandle } from './pool-handle';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** The part of a TypeORM postgres DataSourceOptions that {@link pooledDataSourceOptions} sets. */
export type PooledDataSourceOptions = Pick<PostgresOptions, 'driver' | 'replication'>;

/** Marks the URL TypeORM hands to `new driver.Pool()` for its slave, to tell it from the master's. */
const READ_MARK = '#hotpath-pooling-read';

function urlOf(connection: ClientConfig): string {
  if (connection.connectionString) return connection.connectionString;
  const auth = connection.user ? `${encodeURIComponent(connection.user)}@` : '';
  return `postgres://${auth}${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
}

/**
 * Makes a TypeORM DataSource borrow its connections from a {@link PoolCluster}: spread the result
 * into the postgres DataSourceOptions.
 *
 * - `driver`: the `pg` module with `Pool` replaced. TypeORM's PostgresDriver calls
 *   `new driver.Pool(options)` once per server and then only `connect(callback)`, `on('error')`
 *   and `end()`; our `Pool` ignores TypeORM's pool options (`extra`, `poolSize`,
 *   `connectTimeoutMS`) — the cluster's options rule — and returns a {@link PoolHandle}.
 * - `replication` (only when the cluster has replicas): TypeORM then sends `find`, query builders'
 *   `getMany` and `createQueryRunner('slave')` to its slave — our read handle, which routes over
 *   the healthy replicas — and writes, `dataSource.query` and transactions to its master — the
 *   primary. `master.url` is the primary's, so TypeORM reads the right database name from it.
 *
 * Destroying the DataSource ends the cluster.
 */
export function pooledDataSourceOptions(cluster: PoolCluster): PooledDataSourceOptions {
  const primaryUrl = urlOf(cluster.options.primary);
  class Pool extends PoolHandle {
    constructor(options: { connectionString?: string }) {
      super(cluster, options.connectionString?.endsWith(READ_MARK) ? 'read' : 'write');
    }
  }
  // Everything else (defaults, types, Client) is pg's. `native` is hidden: TypeORM would switch to
  // pg-native's own Pool when that package is installed.
  const driver: object = Object.create(pg, {
    Pool: { value: Pool, enumerable: true },
    native: { value: null },
  });
  if (cluster.replicas.length === 0) return { driver };
  return {
    driver,
    replication: { master: { url: primaryUrl }, slaves: [{ url: `${primaryUrl}${READ_MARK}` }] },
  };
}
