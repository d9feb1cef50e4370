import { hostname } from 'node:os';
import { z } from 'zod';
import {
  envApiKeys,
  envBoolean,
  envHostPortList,
  envOptionalUrl,
  envPort,
  envPositiveInt,
  envUrl,
  envUrlList,
} from './env-fields';
import { type Env, parseEnv } from './parse-env';
import type { ServiceConfig } from './service-config';

export interface ServiceConfigSpec {
  serviceName: string;
  /** The variable holding this service's HTTP port, e.g. `CACHE_SERVICE_PORT`. */
  portVariable: string;
  defaultPort: number;
}

const REDIS = ['redis', 'rediss'];

const baseSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'must be development, test or production' })
    .default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  INSTANCE_ID: z.string().min(1).optional(),
  REDIS_URL: envUrl(REDIS, 'redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: envHostPortList(),
  QUEUE_REDIS_URL: envOptionalUrl(REDIS),
  DATABASE_URL: envUrl(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/hotpath'),
  DATABASE_REPLICA_URLS: envUrlList(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: envPositiveInt(10),
  DB_MIGRATE_ON_START: envBoolean(true),
  HOTPATH_API_KEYS: envApiKeys(),
  HOTPATH_DEV_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  HOTPATH_SERVICE_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  RATE_LIMIT_PER_SECOND: envPositiveInt(500),
  RATE_LIMIT_BURST: envPositiveInt(1000),
  OTEL_EXPORTER_OTLP_ENDPOINT: envOptionalUrl(['http', 'https']),
  SHUTDOWN_TIMEOUT_MS: envPositiveInt(25_000),
});

type BaseEnv = z.output<typeof baseSchema>;

function schemaFor(spec: ServiceConfigSpec) {
  return baseSchema.extend({ [spec.portVariable]: envPort(spec.defaultPort) }).superRefine((raw, ctx) => {
    const env = raw as unknown as BaseEnv;
    if (env.NODE_ENV === 'production' && env.HOTPATH_DEV_API_KEY !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOTPATH_DEV_API_KEY'],
        message: 'is refused when NODE_ENV=production; configure HOTPATH_API_KEYS instead',
      });
    }
  });
}

/** Builds a service's typed config from the environment, or throws a one-line ConfigError. */
export function loadServiceConfig(spec: ServiceConfigSpec, env: Env): ServiceConfig {
  const parsed = parseEnv(schemaFor(spec), env) as unknown as BaseEnv & Record<string, unknown>;
  return {
    serviceName: spec.serviceName,
    instanceId: parsed.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    nodeEnv: parsed.NODE_ENV,
    http: { host: parsed.HOST, port: parsed[spec.portVariable] as number },
    logLevel: parsed.LOG_LEVEL,
    redis: {
      url: parsed.REDIS_URL,
      clusterNodes: parsed.REDIS_CLUSTER_NODES,
      queueUrl: parsed.QUEUE_REDIS_URL ?? parsed.REDIS_URL,
    },
    database: {
      url: parsed.DATABASE_URL,
      replicaUrls: parsed.DATABASE_REPLICA_URLS,
      poolMax: parsed.DATABASE_POOL_MAX,
      migrateOnStart: parsed.DB_MIGRATE_ON_START,
    },
    auth: {
      apiKeys: parsed.HOTPATH_API_KEYS,
      devApiKey: parsed.HOTPATH_DEV_API_KEY,
      serviceApiKey: parsed.HOTPATH_SERVICE_API_KEY ?? parsed.HOTPATH_DEV_API_KEY,
    },
    rateLimit: { perSecond: parsed.RATE_LIMIT_PER_SECOND, burst: parsed.RATE_LIMIT_BURST },
    otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
  };
}
