import {
  ConfigurableModuleBuilder,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { TieredCache } from '../tiered/tiered-cache';
import { CACHE_DECORATED, CACHE_INSTANCE } from './cache.constants';
import type { CacheModuleOptions } from './cache-module-options';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<CacheModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

export const CACHE_MODULE_OPTIONS = MODULE_OPTIONS_TOKEN;

/** Starts the cache's resources, sweeps L1, and hands the cache to every @Cacheable/@CacheEvict instance. */
@Injectable()
class CacheRuntime implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CacheModule');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly cache: TieredCache,
    private readonly discovery: DiscoveryService,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: CacheModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<symbol, unknown> | undefined;
      if (
        instance &&
        typeof instance === 'object' &&
        Reflect.getMetadata(CACHE_DECORATED, instance.constructor)
      ) {
        Object.defineProperty(instance, CACHE_INSTANCE, { value: this.cache, configurable: true });
      }
    }
    for (const resource of this.options.lifecycle ?? []) {
      // A resource that cannot start yet (Redis down) must not keep the service down: the bus
      // reports itself unhealthy (L1 bypassed) until its subscriber connects.
      await resource
        .start?.()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'cache resource did not start; retrying in the background'),
        );
    }
    const interval = this.options.sweepIntervalMs ?? 1000;
    if (interval > 0) {
      this.sweeper = setInterval(() => this.cache.sweep(), interval);
      this.sweeper.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    for (const resource of this.options.lifecycle ?? []) await resource.stop?.().catch(() => undefined);
  }
}

/**
 * `CacheModule.forRootAsync({ inject, useFactory: (...) => CacheModuleOptions })` provides the
 * app's TieredCache and makes @Cacheable/@CacheEvict work on its providers and controllers.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: TieredCache,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: CacheModuleOptions) => new TieredCache(options),
    },
    CacheRuntime,
  ],
  exports: [TieredCache],
})
export class CacheModule extends ConfigurableModuleClass {}
