/**
 * Where a pool writes what it notices (leaks, dropped connections, retries). Nest's `Logger` fits as
 * is; tests pass a recorder. Messages are complete sentences; `warn` carries stacks of leaks.
 */
export interface PoolLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
