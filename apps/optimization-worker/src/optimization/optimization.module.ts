import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@hotpath/platform';
import type { WorkerConfig } from '../config';
import { OptimizationRunStore } from '../persistence/optimization-run.store';
import { perfWriterDatabaseOptions } from '../persistence/perf-writer-database';
import { RecommendationStore } from '../persistence/recommendation.store';
import { WORKER_CONFIG } from '../worker-config.token';
import { OptimizationProcessor } from './optimization.processor';
import { QueryAnalysisTask } from './query-analysis.task';

/** The `hotpath.optimization` processor, its analysis tasks and the stores of runs and recommendations. */
@Module({})
export class OptimizationModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: OptimizationModule,
      imports: [
        DatabaseModule.forRoot({ ...perfWriterDatabaseOptions(config), migrateOnStart: config.database.migrateOnStart }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        QueryAnalysisTask,
        OptimizationRunStore,
        RecommendationStore,
        OptimizationProcessor,
      ],
    };
  }
}
