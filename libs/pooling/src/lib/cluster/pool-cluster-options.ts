import type { ClientConfig } from 'pg';
import type { ManagedPoolOptions } from '../options/managed-pool-options';
import type { PoolLogger } from '../options/pool-logger';

/** The settings every pool of a cluster shares (all of {@link ManagedPoolOptions} but name and connection). */
export type SharedPoolOptions = Omit<ManagedPoolOptions, 'name' | 'connection'>;

/** A primary and its read replicas, one {@link ManagedPool} each. */
export interface PoolClusterOptions {
  /** Prefix of the pool names: `<name>-primary`, `<name>-replica-1`, … (the `pool` metric label). */
  name: string;
  /** Where writes, transactions and (without replicas) reads go. Set `application_name` here. */
  primary: ClientConfig;
  /** Read replicas; reads are spread over the healthy ones, round-robin. */
  replicas?: ClientConfig[];
  /** Options of every pool (max, timeouts, lifetime, leak detection…). */
  pool?: SharedPoolOptions;
  /** Overrides for the replica pools only (e.g. a larger `max`). */
  replicaPool?: SharedPoolOptions;
  /** A replica that could not open a connection is skipped for this long, then tried again [5 000]. */
  replicaRetryMs?: number;
  logger?: PoolLogger;
}
