import { Logger } from '@nestjs/common';
import type { ReadinessCheck, ServiceConfig } from '@hotpath/platform';
import type { DataSourceOptions } from 'typeorm';
import { PoolCluster } from '../cluster/pool-cluster';
import type { SharedPoolOptions } from '../cluster/pool-cluster-options';
import { poolReadiness } from '../health/pool-readiness';
import type { PoolLogger } from '../options/pool-logger';
import { pooledDataSourceOptions } from '../typeorm/pooled-data-source-options';

export interface PooledDatabaseOptions {
  /** Pool name prefix, the `pool` label of the metrics (the service's schema, e.g. `perf`). */
  name: string;
  /** The primary's URL. */
  url: string;
  replicaUrls?: string[];
  /** Shown in pg_stat_activity. */
  applicationName: string;
  pool?: SharedPoolOptions;
  logger?: PoolLogger;
}

/** A service's defaults: HikariCP's finite waits, a statement timeout, leak reports after 60 s. */
const SERVICE_POOL_DEFAULTS: SharedPoolOptions = {
  max: 10,
  acquireTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionSessionTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  maxLifetimeMs: 30 * 60_000,
  leakDetectionThresholdMs: 60_000,
};

/**
 * The database of a service behind managed pools: a {@link PoolCluster} over the primary and its
 * replicas, the TypeORM options that make a DataSource borrow from it (give {@link connect} to
 * platform's `DatabaseOptions.connect`), and its readiness check. Nothing connects until used.
 */
export class PooledDatabase {
  readonly cluster: PoolCluster;

  constructor(options: PooledDatabaseOptions) {
    this.cluster = new PoolCluster({
      name: options.name,
      primary: { connectionString: options.url, application_name: options.applicationName },
      replicas: (options.replicaUrls ?? []).map((connectionString) => ({
        connectionString,
        application_name: options.applicationName,
      })),
      pool: { ...SERVICE_POOL_DEFAULTS, ...options.pool },
      logger: options.logger,
    });
  }

  /**
   * A service's database as its config describes it (`DATABASE_URL`, `DATABASE_REPLICA_URLS`,
   * `DATABASE_POOL_MAX`), shown in pg_stat_activity as `<service>:<instance>`.
   */
  static fromConfig(config: ServiceConfig, name: string): PooledDatabase {
    return new PooledDatabase({
      name,
      url: config.database.url,
      replicaUrls: config.database.replicaUrls,
      applicationName: `${config.serviceName}:${config.instanceId}`,
      pool: { max: config.database.poolMax },
      logger: new Logger(`Pool ${name}`),
    });
  }

  /** `DatabaseOptions.connect`: TypeORM options with the cluster's pools behind the DataSource. */
  readonly connect = (options: DataSourceOptions): DataSourceOptions =>
    ({ ...options, ...pooledDataSourceOptions(this.cluster) }) as DataSourceOptions;

  /** Ready while the primary can hand out a connection (a saturated pool is degraded, still ready). */
  readiness(): ReadinessCheck {
    return poolReadiness(this.cluster);
  }
}
