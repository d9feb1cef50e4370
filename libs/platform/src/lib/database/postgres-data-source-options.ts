import type { DataSourceOptions } from 'typeorm';
import type { ReadinessCheck } from '../health/readiness-check';

export interface DatabaseOptions {
  url: string;
  /** The PostgreSQL schema this service owns; its tables and its migrations table live there. */
  schema: string;
  /** Shown in pg_stat_activity, so a DBA can tell the services apart. */
  applicationName: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolMax?: number;
  statementTimeoutMs?: number;
  /**
   * Adjusts the TypeORM options before the DataSource is built: `@hotpath/pooling`'s
   * `PooledDatabase.dataSourceOptions` puts its managed pools (and read replicas) behind it here.
   */
  connect?: (options: DataSourceOptions) => DataSourceOptions;
  /** Replaces the default `SELECT 1` readiness check of the database (e.g. a pool's own). */
  readiness?: ReadinessCheck;
}

/**
 * TypeORM options for a Hotpath service: migrations only (never `synchronize`), a bounded pool with
 * finite connect and idle timeouts, and a statement timeout set on every connection.
 */
export function postgresDataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  const base: DataSourceOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    applicationName: options.applicationName,
    logging: ['error'],
    extra: {
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
    },
  };
  return options.connect ? options.connect(base) : base;
}
