import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Queues } from '@hotpath/contracts';
import { PlatformModule, redisConnectionOptions } from '@hotpath/platform';
import { PooledDatabase, PoolingModule } from '@hotpath/pooling';
import { type TelemetryHandle, TelemetryModule } from '@hotpath/telemetry';
import type { Queue } from 'bullmq';
import { CacheWarmModule } from './cache-warm/cache-warm.module';
import type { WorkerConfig } from './config';
import { OptimizationModule } from './optimization/optimization.module';
import { QueueDepthMetrics } from './queues/queue-depth.metrics';
import { queueReadiness } from './queues/queue-readiness';
import { WriteBehindModule } from './write-behind/write-behind.module';

const QUEUE_NAMES = Object.values(Queues);
const QUEUE_MODULES = QUEUE_NAMES.map((name) => BullModule.registerQueue({ name }));

/**
 * Composition root of the optimization-worker: BullMQ connections to the three queues, managed
 * pools on the analysed database, and an HTTP listener that serves only `/health/*` and `/metrics`.
 */
@Module({})
export class AppModule {
  static forRoot(config: WorkerConfig, telemetry?: TelemetryHandle): DynamicModule {
    // The database the optimisation jobs analyse (pg_stat_statements, EXPLAIN, HypoPG).
    const database = PooledDatabase.fromConfig(config, 'analysis');
    return {
      module: AppModule,
      imports: [
        BullModule.forRoot({
          connection: {
            ...redisConnectionOptions(config.redis.queueUrl),
            connectionName: `${config.serviceName}:bullmq`,
          },
        }),
        ...QUEUE_MODULES,
        PlatformModule.forRoot(config, {
          readiness: {
            imports: QUEUE_MODULES,
            inject: QUEUE_NAMES.map((name) => getQueueToken(name)),
            useFactory: (...queues: Queue[]) => [...queues.map(queueReadiness), database.readiness()],
          },
        }),
        TelemetryModule.forRoot({ serviceName: config.serviceName, handle: telemetry }),
        PoolingModule.forRoot(database),
        CacheWarmModule,
        OptimizationModule.forRoot(config),
        WriteBehindModule,
      ],
      providers: [QueueDepthMetrics],
    };
  }
}
