/** The `[pgbouncer]` section, in PgBouncer's own names (see its configuration reference). Seconds unless noted. */
export interface PgBouncerSettings {
  listen_addr: string;
  listen_port: number;
  auth_type: 'scram-sha-256' | 'md5' | 'cert' | 'hba' | 'trust';
  auth_file: string;
  pool_mode: 'session' | 'transaction' | 'statement';
  max_client_conn: number;
  default_pool_size: number;
  reserve_pool_size: number;
  reserve_pool_timeout: number;
  max_db_connections: number;
  max_user_connections: number;
  server_connect_timeout: number;
  server_login_retry: number;
  query_timeout: number;
  query_wait_timeout: number;
  client_idle_timeout: number;
  server_idle_timeout: number;
  server_lifetime: number;
  listen_backlog: number;
  /** Bytes. */
  pkt_buf: number;
  /** Bytes. */
  max_packet_size: number;
  /**
   * Startup parameters PgBouncer accepts without tracking them. node-postgres sends
   * `statement_timeout` and `idle_in_transaction_session_timeout` there (ManagedPool does), which
   * PgBouncer otherwise refuses with "unsupported startup parameter"; ignored, they are set on the
   * server connections by each database's `connect_query` instead.
   */
  ignore_startup_parameters: string;
}
