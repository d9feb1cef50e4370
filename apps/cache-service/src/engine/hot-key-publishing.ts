import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HotKeyPublisher, TieredCache } from '@hotpath/cache';
import { QUEUE_REDIS, SERVICE_CONFIG, type ServiceConfig } from '@hotpath/platform';
import type { Cluster, Redis } from 'ioredis';

/** Hot keys published per namespace, and namespaces per publish (the busiest ones). */
const KEYS_PER_NAMESPACE = 1000;
const MAX_NAMESPACES = 100;

/**
 * Publishes this instance's hot keys (the L1 sketch's top keys of its busiest namespaces) to the
 * queue Redis every 10 s with a 30 s TTL; the optimization-worker merges every instance's lists when
 * a warm job names no keys.
 */
@Injectable()
export class HotKeyPublishing implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HotKeyPublishing.name);
  private readonly publisher: HotKeyPublisher;
  private failing = false;

  constructor(
    cache: TieredCache,
    @Inject(QUEUE_REDIS) redis: Redis | Cluster,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.publisher = new HotKeyPublisher({
      redis,
      instanceId: config.instanceId,
      hotKeys: () =>
        Object.keys(cache.statistics.snapshot({ maxNamespaces: MAX_NAMESPACES }).namespaces).map(
          (namespace) => ({ namespace, keys: cache.hotKeys(namespace, KEYS_PER_NAMESPACE) }),
        ),
      onError: (error) => {
        if (!this.failing) this.logger.warn({ err: error }, 'cannot publish hot keys; retrying every tick');
        this.failing = true;
      },
    });
  }

  onModuleInit(): void {
    this.publisher.start();
  }

  /** Publishes now rather than at the next tick. */
  async publishNow(): Promise<void> {
    await this.publisher.publishNow();
    this.failing = false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.stop();
  }
}
