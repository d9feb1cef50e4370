import type { PgBouncerSettings } from './pgbouncer-settings';

/**
 * Defaults of the renderer: the limits and timeouts of the performance and scaling guide
 * (/work/shared/seeds/performance-and-scaling-guide.md, "PgBouncer Configuration"), transaction
 * pooling, and the listener/auth settings of a stock install.
 */
export const PGBOUNCER_DEFAULTS: Readonly<PgBouncerSettings> = Object.freeze({
  listen_addr: '0.0.0.0',
  listen_port: 6432,
  auth_type: 'scram-sha-256',
  auth_file: '/etc/pgbouncer/userlist.txt',
  pool_mode: 'transaction',
  max_client_conn: 1000,
  default_pool_size: 25,
  reserve_pool_size: 5,
  reserve_pool_timeout: 5,
  max_db_connections: 100,
  max_user_connections: 100,
  server_connect_timeout: 15,
  server_login_retry: 15,
  query_timeout: 300,
  query_wait_timeout: 120,
  client_idle_timeout: 0,
  server_idle_timeout: 600,
  server_lifetime: 3600,
  listen_backlog: 128,
  pkt_buf: 4096,
  max_packet_size: 2147483647,
  ignore_startup_parameters: 'extra_float_digits,statement_timeout,idle_in_transaction_session_timeout',
});
