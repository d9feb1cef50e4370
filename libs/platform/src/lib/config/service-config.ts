import type { ApiKeyRecord } from '../auth/api-key-record';
import type { RateLimit } from '../rate-limit/rate-limit';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface HostPort {
  host: string;
  port: number;
}

/** The typed configuration every Hotpath service is built from, read once at start. */
export interface ServiceConfig {
  serviceName: string;
  instanceId: string;
  nodeEnv: 'development' | 'test' | 'production';
  http: { host: string; port: number };
  logLevel: LogLevel;
  redis: {
    /** L2 cache Redis (standalone). */
    url: string;
    /** When set, L2 uses Redis Cluster through these seed nodes. */
    clusterNodes?: HostPort[];
    /** BullMQ, the Redis transport and the invalidation bus. */
    queueUrl: string;
  };
  database: {
    /** The primary: writes, transactions, migrations (and reads when there is no replica). */
    url: string;
    /** Read replicas (`DATABASE_REPLICA_URLS`); reads are spread over the healthy ones. */
    replicaUrls: string[];
    /** Connections per pool per instance (`DATABASE_POOL_MAX`). */
    poolMax: number;
    migrateOnStart: boolean;
  };
  auth: {
    apiKeys: ApiKeyRecord[];
    devApiKey?: string;
    /**
     * The raw key this service presents when it calls another over the transport
     * (`HOTPATH_SERVICE_API_KEY`, else the development key); the callee checks it like any key.
     */
    serviceApiKey?: string;
  };
  rateLimit: RateLimit;
  otlpEndpoint?: string;
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/** Injection token of the ServiceConfig in every app. */
export const SERVICE_CONFIG = Symbol.for('hotpath.service-config');
