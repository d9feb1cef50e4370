/** What the sizing advisor knows about one pool of one instance and the database behind it. */
export interface PoolSizingInput {
  /** Acquires per second observed on this instance's pool (see {@link observedLoad}). */
  acquireRatePerSecond: number;
  /** Mean time a borrower holds a connection, in seconds. */
  meanHoldSeconds: number;
  /** The pool's current `max`. */
  currentSize: number;
  /** CPU cores of the database server. */
  cpuCount: number;
  /** Effective spindles of the database's storage: 0 when the working set is cached, ~1 for SSD [1]. */
  effectiveSpindles?: number;
  /** The database's `max_connections`. */
  maxConnections: number;
  /** Connections outside the application budget: superuser_reserved_connections, replication, admin and migration sessions [3]. */
  reservedConnections?: number;
  /** Instances (pods) of every service sharing the database, each with its own pools. */
  instances: number;
  /** Pools each instance opens against this database (primary + others) [1]. */
  poolsPerInstance?: number;
  /** Capacity above Little's law [0.25, i.e. a target utilisation of 80 %]. */
  headroom?: number;
  /** Never recommend fewer connections than this [2]. */
  minSize?: number;
}
