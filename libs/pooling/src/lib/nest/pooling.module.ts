import {
  type DynamicModule,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { MetricsRegistry } from '@hotpath/telemetry';
import { PoolMetrics } from '../metrics/pool-metrics';
import { PooledDatabase } from './pooled-database';

/** Exports the pools' metrics at start; ends the pools at shutdown (idempotent if a DataSource did). */
@Injectable()
class PoolingLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly database: PooledDatabase,
  ) {}

  onModuleInit(): void {
    new PoolMetrics(this.metrics).register(...this.database.cluster.pools);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.cluster.end();
  }
}

/**
 * Provides the service's {@link PooledDatabase} (inject it for the pools, their snapshots and the
 * sizing advisor), exports its pools' metrics on the app's `/metrics` and ends them at shutdown.
 * Needs TelemetryModule.
 */
@Module({})
export class PoolingModule {
  static forRoot(database: PooledDatabase): DynamicModule {
    return {
      module: PoolingModule,
      global: true,
      providers: [{ provide: PooledDatabase, useValue: database }, PoolingLifecycle],
      exports: [PooledDatabase],
    };
  }
}
