/** Cumulative event counts of one pool, read at scrape time by the metrics and by snapshots. */
export interface PoolCounters {
  acquired: number;
  timeouts: number;
  created: number;
  closed: number;
  /** Opening a connection failed (after its retries). */
  connectErrors: number;
  /** An open connection raised an error (killed backend, network drop). */
  connectionErrors: number;
  /** `SELECT 1` before hand-out failed or timed out. */
  validationFailures: number;
  leaks: number;
}
