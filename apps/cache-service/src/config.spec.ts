import { ConfigError } from '@hotpath/platform';
import { cacheEngineSettingsOf, loadCacheServiceConfig, memoryLimitBytes, type ReadText } from './config';

const GiB = 1024 ** 3;
const files =
  (contents: Record<string, string>): ReadText =>
  (path) =>
    contents[path];

describe('cache-service config', () => {
  it('defaults CACHE_L1_MAX_BYTES to a quarter of the cgroup v2 memory limit', () => {
    const config = loadCacheServiceConfig(
      {},
      files({ '/sys/fs/cgroup/memory.max': '2147483648\n' }),
      16 * GiB,
    );
    expect(config.cache.l1MaxBytes).toBe(GiB / 2);
    expect(config.serviceName).toBe('cache-service');
  });

  it('falls back to cgroup v1, and to the machine’s memory when there is no limit', () => {
    const v1 = files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': String(4 * GiB) });
    expect(memoryLimitBytes(v1, 16 * GiB)).toBe(4 * GiB);
    expect(memoryLimitBytes(files({ '/sys/fs/cgroup/memory.max': 'max\n' }), 16 * GiB)).toBe(16 * GiB);
    const v1Unlimited = files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' });
    expect(memoryLimitBytes(v1Unlimited, 16 * GiB)).toBe(16 * GiB);
    expect(memoryLimitBytes(files({}), 16 * GiB)).toBe(16 * GiB);
    // A limit above the machine's memory cannot be used in full.
    expect(memoryLimitBytes(files({ '/sys/fs/cgroup/memory.max': String(64 * GiB) }), 16 * GiB)).toBe(
      16 * GiB,
    );
  });

  it('takes CACHE_L1_MAX_BYTES as given', () => {
    const config = loadCacheServiceConfig({ CACHE_L1_MAX_BYTES: '268435456' }, files({}), 16 * GiB);
    expect(config.cache.l1MaxBytes).toBe(256 * 1024 ** 2);
  });

  it.each([
    ['abc', 'CACHE_L1_MAX_BYTES: must be a number'],
    ['0', 'CACHE_L1_MAX_BYTES: must be above 0'],
    ['1.5', 'CACHE_L1_MAX_BYTES: must be a whole number'],
  ])('refuses CACHE_L1_MAX_BYTES=%s with one line naming it', (value, message) => {
    const load = () => loadCacheServiceConfig({ CACHE_L1_MAX_BYTES: value }, files({}), 16 * GiB);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('gives a config built elsewhere the default engine settings', () => {
    const config = loadCacheServiceConfig({ CACHE_L1_MAX_BYTES: '1000' }, files({}), GiB);
    expect(cacheEngineSettingsOf(config)).toEqual({ l1MaxBytes: 1000 });
    const { cache: _, ...service } = config;
    expect(cacheEngineSettingsOf(service).l1MaxBytes).toBeGreaterThan(0);
  });
});
