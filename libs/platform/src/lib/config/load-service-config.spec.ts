import { ConfigError } from './config.error';
import { loadServiceConfig } from './load-service-config';

const spec = { serviceName: 'cache-service', portVariable: 'CACHE_SERVICE_PORT', defaultPort: 3001 };
const SHA = 'a'.repeat(64);

function errorOf(env: Record<string, string>): string {
  try {
    loadServiceConfig(spec, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadServiceConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadServiceConfig(spec, {});
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3001 });
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      clusterNodes: undefined,
      queueUrl: 'redis://127.0.0.1:6379',
    });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/hotpath');
    expect(config.logLevel).toBe('info');
    expect(config.auth.apiKeys).toEqual([]);
    expect(config.instanceId).toMatch(/.+-\d+$/);
  });

  it('reads every variable it documents', () => {
    const config = loadServiceConfig(spec, {
      CACHE_SERVICE_PORT: '4001',
      REDIS_URL: 'redis://cache:6380/2',
      QUEUE_REDIS_URL: 'rediss://queue:6379',
      REDIS_CLUSTER_NODES: '10.0.0.1:7000, node-b:7001,[::1]:7002',
      DATABASE_URL: 'postgresql://app:secret@db/hotpath',
      HOTPATH_API_KEYS: JSON.stringify([
        { name: 'auth-svc', sha256: SHA.toUpperCase(), scopes: ['cache:read'] },
      ]),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      LOG_LEVEL: 'debug',
      INSTANCE_ID: 'pod-1',
    });
    expect(config.http.port).toBe(4001);
    expect(config.redis.queueUrl).toBe('rediss://queue:6379');
    expect(config.redis.clusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'node-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(config.auth.apiKeys).toEqual([{ name: 'auth-svc', sha256: SHA, scopes: ['cache:read'] }]);
    expect(config.otlpEndpoint).toBe('http://collector:4318');
    expect(config.instanceId).toBe('pod-1');
  });

  it.each([
    [{ CACHE_SERVICE_PORT: 'abc' }, 'CACHE_SERVICE_PORT: must be a port number'],
    [{ CACHE_SERVICE_PORT: '70000' }, 'CACHE_SERVICE_PORT'],
    [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL: must be a redis:// or rediss:// URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:7000,node-b' }, "REDIS_CLUSTER_NODES: 'node-b' is not host:port"],
    [{ HOTPATH_API_KEYS: 'not json' }, 'HOTPATH_API_KEYS: must be a JSON array'],
    [
      { HOTPATH_API_KEYS: '[{"name":"a","sha256":"abc","scopes":["cache:read"]}]' },
      "HOTPATH_API_KEYS: entry 0 ('a'), sha256",
    ],
    [
      { HOTPATH_API_KEYS: `[{"name":"a","sha256":"${SHA}","scopes":["cache:all"]}]` },
      "entry 0 ('a'), scopes.0: is not a known scope",
    ],
    [{ HOTPATH_API_KEYS: '{"name":"a"}' }, 'HOTPATH_API_KEYS: the value: '],
    ...[
      [
        'authz-[z-a]',
        "'authz-[z-a]' is not a valid glob: the class at position 7 has the reversed range 'z-a'",
      ],
      ['authz-[', "'authz-[' is not a valid glob: the class at position 7 has no closing ']'"],
      ['auth\\', "'auth\\' is not a valid glob: ends with a lone"],
      ['?'.repeat(33), `'${'?'.repeat(33)}' is not a valid glob: has more than 32 wildcards`],
      ['Auth', "'Auth' can match no namespace"],
      ['', 'a namespace glob must be 1-256 characters'],
    ].map(([glob, message]): [Record<string, string>, string] => [
      {
        HOTPATH_API_KEYS: JSON.stringify([
          { name: 'reader', sha256: SHA, scopes: ['cache:read'] },
          { name: 'auth-svc', sha256: SHA, scopes: ['cache:read'], namespaces: ['auth', glob] },
        ]),
      },
      `HOTPATH_API_KEYS: entry 1 ('auth-svc'), namespaces.1: ${message}`,
    ]),
    [
      {
        HOTPATH_API_KEYS: JSON.stringify(
          [1, 2].map(() => ({ name: 'a', sha256: SHA, scopes: ['perf:read'] })),
        ),
      },
      "key name 'a' appears twice",
    ],
    [
      { NODE_ENV: 'production', HOTPATH_DEV_API_KEY: 'x'.repeat(32) },
      'HOTPATH_DEV_API_KEY: is refused when NODE_ENV=production',
    ],
    [{ HOTPATH_DEV_API_KEY: 'short' }, 'HOTPATH_DEV_API_KEY: must be at least 16 characters'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of'],
    [{ DB_MIGRATE_ON_START: 'yes' }, 'DB_MIGRATE_ON_START: must be true or false'],
  ])('refuses %p with one line naming the variable', (env, expected) => {
    const message = errorOf(env);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('keeps the namespaces globs of a key', () => {
    const config = loadServiceConfig(spec, {
      HOTPATH_API_KEYS: JSON.stringify([
        {
          name: 'auth-svc',
          sha256: SHA,
          scopes: ['cache:read'],
          namespaces: ['auth', 'authz-*', 'sess[0-9]'],
        },
      ]),
    });
    expect(config.auth.apiKeys[0].namespaces).toEqual(['auth', 'authz-*', 'sess[0-9]']);
  });

  it('never echoes the value of a refused secret', () => {
    const secret = 'super-secret-dev-key-123';
    expect(errorOf({ NODE_ENV: 'production', HOTPATH_DEV_API_KEY: secret })).not.toContain(secret);
  });
});
