// Errors
export * from './lib/errors/pool-error-code';
export * from './lib/errors/pool.error';
// Pool
export * from './lib/options/connect-retry-options';
export * from './lib/options/managed-pool-options';
export * from './lib/options/pool-logger';
export * from './lib/pool/acquire-callback';
export * from './lib/pool/close-reason';
export * from './lib/pool/managed-pool';
// Metrics and health
export * from './lib/health/pool-snapshot';
export * from './lib/health/pool-status';
export * from './lib/metrics/pool-metrics';
export * from './lib/health/pool-readiness';
// Cluster (primary + read replicas) and TypeORM
export * from './lib/cluster/cluster-snapshot';
export * from './lib/cluster/pool-cluster';
export * from './lib/cluster/pool-cluster-options';
export * from './lib/typeorm/pool-handle';
export * from './lib/typeorm/pooled-data-source-options';
// Sizing advisor
export * from './lib/sizing/observed-load';
export * from './lib/sizing/pool-load-sample';
export * from './lib/sizing/pool-size-recommendation';
export * from './lib/sizing/pool-sizing-evidence';
export * from './lib/sizing/pool-sizing-input';
export * from './lib/sizing/recommend-pool-size';
export * from './lib/sizing/sample-load';
// PgBouncer
export * from './lib/pgbouncer/pgbouncer-config-options';
export * from './lib/pgbouncer/pgbouncer-database';
export * from './lib/pgbouncer/pgbouncer-defaults';
export * from './lib/pgbouncer/pgbouncer-settings';
export * from './lib/pgbouncer/render-pgbouncer-config';
// Nest
export * from './lib/nest/pooled-database';
export * from './lib/nest/pooling.module';
