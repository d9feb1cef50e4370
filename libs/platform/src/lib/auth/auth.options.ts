import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { RateLimit } from '../rate-limit/rate-limit';
import type { ApiKeyRecord } from './api-key-record';

export interface AuthOptions {
  apiKeys: ApiKeyRecord[];
  devApiKey?: string;
  /** Per-key rate limiting shared by every instance through this Redis; omitted → no limit. */
  rateLimit?: {
    redis: Redis | Cluster;
    defaults: RateLimit;
    keyPrefix?: string;
    /**
     * Where `hotpath_rate_limit_fallback_total` is registered: the service's `/metrics` registry
     * (telemetry's `MetricsRegistry.registry`); prom-client's global registry when omitted.
     */
    metricsRegistry?: Registry;
  };
}

export const { ConfigurableModuleClass: AuthConfigurableModule, MODULE_OPTIONS_TOKEN: AUTH_OPTIONS } =
  new ConfigurableModuleBuilder<AuthOptions>().setClassMethodName('forRoot').build();
