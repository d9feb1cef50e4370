/** One line of `[databases]`: the name clients connect to and the server behind it. */
export interface PgBouncerDatabase {
  /** What clients put in their connection string's database. */
  name: string;
  host: string;
  port?: number;
  /** The database on the server [name]. */
  dbname?: string;
  /** Server connections for this database, instead of default_pool_size. */
  poolSize?: number;
  /** `statement_timeout` set on each server connection (connect_query) [30 000 ms]; 0 leaves the server's. */
  statementTimeoutMs?: number;
  /** `idle_in_transaction_session_timeout` likewise [60 000 ms]; 0 leaves the server's. */
  idleInTransactionSessionTimeoutMs?: number;
}
