import type { PgBouncerConfigOptions } from './pgbouncer-config-options';
import { renderPgBouncerConfig } from './render-pgbouncer-config';

const one: PgBouncerConfigOptions = { databases: [{ name: 'hotpath', host: 'db.internal' }] };

/** `key = value` lines of a section, as a map. */
function section(ini: string, name: string): Map<string, string> {
  const lines = ini.split('\n');
  const start = lines.indexOf(`[${name}]`);
  const entries = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('[') || line === '') break;
    const at = line.indexOf(' = ');
    entries.set(line.slice(0, at), line.slice(at + 3));
  }
  return entries;
}

describe('renderPgBouncerConfig', () => {
  it.each([
    ['pool_mode', 'transaction'],
    ['max_client_conn', '1000'],
    ['default_pool_size', '25'],
    ['reserve_pool_size', '5'],
    ['reserve_pool_timeout', '5'],
    ['max_db_connections', '100'],
    ['max_user_connections', '100'],
    ['server_connect_timeout', '15'],
    ['server_login_retry', '15'],
    ['query_timeout', '300'],
    ['query_wait_timeout', '120'],
    ['client_idle_timeout', '0'],
    ['server_idle_timeout', '600'],
    ['server_lifetime', '3600'],
    ['listen_backlog', '128'],
    ['pkt_buf', '4096'],
    ['max_packet_size', '2147483647'],
    ['listen_port', '6432'],
    ['ignore_startup_parameters', 'extra_float_digits,statement_timeout,idle_in_transaction_session_timeout'],
  ])('defaults %s to the scaling guide (%s)', (key, value) => {
    expect(section(renderPgBouncerConfig(one), 'pgbouncer').get(key)).toBe(value);
  });

  it.each<[string, PgBouncerConfigOptions['databases'][number], string]>([
    [
      'sets the session timeouts with a connect_query',
      { name: 'hotpath', host: 'db.internal' },
      "host=db.internal port=5432 dbname=hotpath connect_query='SELECT set_config($$statement_timeout$$, $$30000$$, false), " +
        "set_config($$idle_in_transaction_session_timeout$$, $$60000$$, false)'",
    ],
    [
      'maps a client-side name to a server database with its own pool size',
      {
        name: 'cache',
        host: '10.0.0.5',
        port: 6543,
        dbname: 'hotpath',
        poolSize: 40,
        statementTimeoutMs: 0,
        idleInTransactionSessionTimeoutMs: 0,
      },
      'host=10.0.0.5 port=6543 dbname=hotpath pool_size=40',
    ],
    [
      'keeps one timeout when the other is 0',
      { name: 'perf', host: 'db', statementTimeoutMs: 5000, idleInTransactionSessionTimeoutMs: 0 },
      "host=db port=5432 dbname=perf connect_query='SELECT set_config($$statement_timeout$$, $$5000$$, false)'",
    ],
  ])('%s', (_name, database, line) => {
    expect(section(renderPgBouncerConfig({ databases: [database] }), 'databases').get(database.name)).toBe(
      line,
    );
  });

  it('applies overrides and keeps the other defaults', () => {
    const settings = section(
      renderPgBouncerConfig({
        ...one,
        settings: { default_pool_size: 40, max_db_connections: 60, pool_mode: 'session' },
      }),
      'pgbouncer',
    );

    expect([
      settings.get('default_pool_size'),
      settings.get('max_db_connections'),
      settings.get('pool_mode'),
      settings.get('server_lifetime'),
    ]).toEqual(['40', '60', 'session', '3600']);
  });

  it('renders the sections in order, ending with a newline', () => {
    const ini = renderPgBouncerConfig(one);

    expect(ini.indexOf('[databases]')).toBeLessThan(ini.indexOf('[pgbouncer]'));
    expect(ini.endsWith('\n')).toBe(true);
  });

  it.each<[string, PgBouncerConfigOptions, RegExp]>([
    ['no database', { databases: [] }, /at least one database/],
    [
      'a database name with a space',
      { databases: [{ name: 'hot path', host: 'db' }] },
      /database name "hot path"/,
    ],
    ['a host with a newline', { databases: [{ name: 'a', host: 'db\n[pgbouncer]' }] }, /is not a host name/],
    [
      'the same database twice',
      {
        databases: [
          { name: 'a', host: 'db' },
          { name: 'a', host: 'db2' },
        ],
      },
      /listed twice/,
    ],
    [
      'a fractional pool size',
      { databases: [{ name: 'a', host: 'db', poolSize: 2.5 }] },
      /pool_size of "a" must be an integer/,
    ],
    [
      'a pool size above the database cap',
      { databases: [{ name: 'a', host: 'db', poolSize: 500 }] },
      /above max_db_connections/,
    ],
    [
      'a negative timeout',
      { ...one, settings: { query_timeout: -1 } },
      /query_timeout must be an integer ≥ 0/,
    ],
    [
      'default + reserve above the cap',
      { ...one, settings: { default_pool_size: 98 } },
      /reserve_pool_size \(5\) is above max_db_connections \(100\)/,
    ],
    ['a comment smuggled into a value', { ...one, settings: { auth_file: '/x ; rm' } }, /auth_file/],
    ['an unknown pool mode', { ...one, settings: { pool_mode: 'magic' as 'session' } }, /pool_mode "magic"/],
  ])('rejects %s with INVALID_OPTIONS', (_name, options, message) => {
    expect(() => renderPgBouncerConfig(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(message) }),
    );
  });
});
