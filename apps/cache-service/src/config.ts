import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { type Env, envPositiveInt, loadServiceConfig, parseEnv, type ServiceConfig } from '@hotpath/platform';
import { z } from 'zod';

export const SERVICE_NAME = 'cache-service';

/** Share of the memory limit the L1 stores may hold together unless CACHE_L1_MAX_BYTES says otherwise. */
export const DEFAULT_L1_SHARE_OF_MEMORY = 0.25;

/** The cache-service's own settings of its tiered cache. */
export interface CacheEngineSettings {
  /**
   * `CACHE_L1_MAX_BYTES`: the memory all namespaces' L1 stores may take together, as the cache
   * estimates it (each value's msgpack size, its key and a fixed overhead per entry). Default: a
   * quarter of the container's memory limit, or of the machine's memory without one.
   */
  l1MaxBytes: number;
}

export interface CacheServiceConfig extends ServiceConfig {
  cache: CacheEngineSettings;
}

/** Reads a file's text, or undefined when it cannot be read (absent on this system). */
export type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The cache-service's typed config; main.ts is the only caller that passes `process.env`.
 * `readFile` and `totalMemory` stand for the system in specs.
 * @throws ConfigError naming a missing or malformed variable.
 */
export function loadCacheServiceConfig(
  env: Env,
  readFile: ReadText = readText,
  totalMemory: number = totalmem(),
): CacheServiceConfig {
  const service = loadServiceConfig(
    { serviceName: SERVICE_NAME, portVariable: 'CACHE_SERVICE_PORT', defaultPort: 3001 },
    env,
  );
  return { ...service, cache: cacheEngineSettings(env, memoryLimitBytes(readFile, totalMemory)) };
}

/**
 * The engine settings of a config. One built by {@link loadCacheServiceConfig} carries them; any
 * other ServiceConfig (a test's) gets the defaults of this machine.
 */
export function cacheEngineSettingsOf(config: ServiceConfig): CacheEngineSettings {
  return (config as Partial<CacheServiceConfig>).cache ?? cacheEngineSettings({}, memoryLimitBytes());
}

function cacheEngineSettings(env: Env, memoryLimit: number): CacheEngineSettings {
  const fallback = Math.max(1, Math.floor(memoryLimit * DEFAULT_L1_SHARE_OF_MEMORY));
  const parsed = parseEnv(z.object({ CACHE_L1_MAX_BYTES: envPositiveInt(fallback) }), env);
  return { l1MaxBytes: parsed.CACHE_L1_MAX_BYTES };
}

/**
 * The memory this process may use: the container's limit from cgroup v2 (`memory.max`) or, failing
 * that, cgroup v1 (`memory.limit_in_bytes`); the machine's memory when there is no limit (`max`, or
 * v1's near-2^63 "unlimited") or no cgroup file, and never more than it.
 */
export function memoryLimitBytes(readFile: ReadText = readText, totalMemory: number = totalmem()): number {
  for (const path of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    const text = readFile(path)?.trim();
    if (text === undefined) continue;
    const limit = Number(text);
    return Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, totalMemory) : totalMemory;
  }
  return totalMemory;
}
