import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '@hotpath/telemetry';
import { PoolMetrics } from '../metrics/pool-metrics';
import { PooledDatabase } from './pooled-database';

@Injectable()
class PoolMetricsBinding implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly database: PooledDatabase,
  ) {}

  onModuleInit(): void {
    new PoolMetrics(this.metrics).register(...this.database.cluster.pools);
  }
}

/**
 * Provides the service's {@link PooledDatabase} (inject it for the pools, their snapshots and the
 * sizing advisor) and exports its pools' metrics on the app's `/metrics`. Needs TelemetryModule.
 */
@Module({})
export class PoolingModule {
  static forRoot(database: PooledDatabase): DynamicModule {
    return {
      module: PoolingModule,
      global: true,
      providers: [{ provide: PooledDatabase, useValue: database }, PoolMetricsBinding],
      exports: [PooledDatabase],
    };
  }
}
