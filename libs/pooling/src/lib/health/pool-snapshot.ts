import type { PoolStatus } from './pool-status';

/** The numbers of one pool at one instant (HikariCP's pool MXBean), plus its health. */
export interface PoolSnapshot {
  name: string;
  status: PoolStatus;
  /** Open connections: idle + in use. */
  total: number;
  idle: number;
  /** Borrowed (or being validated before being handed out). */
  inUse: number;
  /** Callers waiting for a connection. */
  waiting: number;
  /** Connections being opened right now. */
  creating: number;
  max: number;
  min: number;
  /** in use ÷ max, or 1 while callers wait. */
  utilisation: number;
  /** Cumulative since the pool was created. */
  acquired: number;
  timeouts: number;
  /** Connection errors: failed opens, idle connections dropped, failed validations. */
  errors: number;
  leaks: number;
  created: number;
  closed: number;
  meanAcquireMs: number;
  meanHoldMs: number;
  /** Milliseconds since a connection was last handed out; null if never. */
  lastAcquiredMsAgo: number | null;
  /** Message of the failure that made the pool `down`, if it is. */
  lastError: string | null;
}
