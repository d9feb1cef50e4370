import type { ClientConfig } from 'pg';
import type { ConnectRetryOptions } from './connect-retry-options';
import type { PoolLogger } from './pool-logger';

/**
 * Options of one {@link ManagedPool} (defaults in brackets; durations in milliseconds). Names follow
 * HikariCP where it has the concept, node-postgres otherwise.
 */
export interface ManagedPoolOptions {
  /** Shown in logs, errors and the `pool` label of the metrics, e.g. `primary`, `replica-1`. */
  name: string;
  /** node-postgres settings of each connection: `connectionString` or host/user/…, `ssl`, `application_name`. */
  connection: ClientConfig;
  /** Most connections open at once [10]. */
  max?: number;
  /** Connections kept open even when idle (HikariCP `minimumIdle`) [0]. */
  min?: number;
  /** Longest wait for a connection, creation included; always finite [10 000]. */
  acquireTimeoutMs?: number;
  /** Longest wait for one TCP + startup handshake [5 000]. */
  connectTimeoutMs?: number;
  /** `statement_timeout` of every session, set in the startup packet [30 000]; 0 disables. */
  statementTimeoutMs?: number;
  /** `idle_in_transaction_session_timeout` of every session [60 000]; 0 disables. */
  idleInTransactionSessionTimeoutMs?: number;
  /** An idle connection above `min` is closed after this long [30 000]; 0 never. */
  idleTimeoutMs?: number;
  /** A connection is retired after this long (when idle, or at its release) [1 800 000]; 0 never. */
  maxLifetimeMs?: number;
  /** Up to this much is taken off each connection's lifetime at random, so they do not all retire together [2.5 % of maxLifetimeMs]. */
  maxLifetimeJitterMs?: number;
  /** A connection idle for longer than this is checked with `SELECT 1` before it is handed out [5 000]; 0 always checks. */
  validationIdleMs?: number;
  /** Longest wait for that check [2 000]. */
  validationTimeoutMs?: number;
  /** A borrow held longer than this is logged, with the borrower's stack when one was captured [0 = off]. */
  leakDetectionThresholdMs?: number;
  /**
   * With leak detection on, the borrower's stack is captured on one borrow in this many [100]; 1
   * captures every borrow. A captured `Error` costs ~5 µs (as much as 5 hand-outs), so by default
   * stacks are sampled, and after a leak every borrow is captured for `leakStackWindowMs`, so the
   * next report of a recurring leak names its borrower.
   */
  leakStackEvery?: number;
  /** How long every borrow is captured after a leak was reported [600 000]. */
  leakStackWindowMs?: number;
  /** Period of the housekeeper: idle eviction, fill to `min`, leak scan, health sampling [1 000]. */
  housekeepingIntervalMs?: number;
  /** Utilisation (in use ÷ max; 1 when callers wait) above which the pool is `degraded`… [0.8] */
  degradedUtilisation?: number;
  /** …when it stays there this long [30 000]. */
  degradedWindowMs?: number;
  connectRetry?: ConnectRetryOptions;
  /** Defaults to Nest's `Logger` with context `Pool:<name>`. */
  logger?: PoolLogger;
}
