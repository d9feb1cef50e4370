import { Inject, Injectable } from '@nestjs/common';
import { TieredCache } from '@hotpath/cache';
import { CACHE_REDIS, SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import { Cluster, type Redis } from 'ioredis';
import { WriteBehindBacklog, type WriteBehindBacklogEntry } from '../engine/write-behind-backlog';

export interface InstanceStatus {
  service: string;
  instanceId: string;
  startedAt: string;
  uptimeSeconds: number;
  tiers: {
    l1: { status: 'up' | 'bypassed'; namespaces: number };
    l2: { status: 'up' | 'down'; connection: string; mode: 'standalone' | 'cluster'; breaker: string };
  };
  bus: { healthy: boolean; gaps: number };
  /** Write-behind keys waiting for their sink, per namespace this instance wrote (as last read). */
  writeBehind: { backlog: WriteBehindBacklogEntry[] };
}

/** What this instance is and how its tiers are doing (GET /status, `cache.stats`). */
@Injectable()
export class InstanceStatusService {
  private readonly startedAt = new Date();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CACHE_REDIS) private readonly l2: Redis | Cluster,
    private readonly cache: TieredCache,
    private readonly writeBehind: WriteBehindBacklog,
  ) {}

  status(): InstanceStatus {
    const health = this.cache.health();
    const snapshot = this.cache.statistics.snapshot();
    return {
      service: this.config.serviceName,
      instanceId: this.config.instanceId,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      tiers: {
        l1: {
          status: health.bus.healthy ? 'up' : 'bypassed',
          namespaces: Object.keys(snapshot.namespaces).length,
        },
        l2: {
          status:
            this.l2.status === 'ready' && !['open', 'forced-open'].includes(health.l2.breaker)
              ? 'up'
              : 'down',
          connection: this.l2.status,
          mode: this.l2 instanceof Cluster ? 'cluster' : 'standalone',
          breaker: health.l2.breaker,
        },
      },
      bus: { healthy: health.bus.healthy, gaps: health.bus.gaps },
      writeBehind: { backlog: this.writeBehind.snapshot() },
    };
  }
}
