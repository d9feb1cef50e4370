import { REDIS_DISCONNECT_TIMEOUT_MS, redisConnectionOptions } from './redis-connection-options';

describe('redisConnectionOptions', () => {
  it.each([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379 }],
    ['redis://cache', { host: 'cache', port: 6379 }],
    ['redis://:p%40ss@cache:6380/3', { host: 'cache', port: 6380, password: 'p@ss', db: 3 }],
    ['rediss://user:pw@[::1]:7000', { host: '::1', port: 7000, username: 'user', password: 'pw', tls: {} }],
  ])('%s', (url, expected) => {
    expect(redisConnectionOptions(url)).toEqual({ ...expected, disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS });
  });
});
