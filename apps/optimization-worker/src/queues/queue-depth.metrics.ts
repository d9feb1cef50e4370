import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queues } from '@hotpath/contracts';
import { MetricsRegistry } from '@hotpath/telemetry';
import type { Queue } from 'bullmq';

/** The job states the gauge reports; `waiting` and `prioritized` are what autoscaling reads. */
export const QUEUE_JOB_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'] as const;

/**
 * `bullmq_queue_jobs{queue,state}`: the jobs of each Hotpath queue by state, read from Redis at
 * scrape time. The worker's HorizontalPodAutoscaler scales on its waiting jobs (see k8s/monitoring).
 */
@Injectable()
export class QueueDepthMetrics implements OnModuleInit {
  private readonly logger = new Logger(QueueDepthMetrics.name);

  constructor(
    private readonly metrics: MetricsRegistry,
    @Inject(getQueueToken(Queues.Optimization)) private readonly optimization: Queue,
    @Inject(getQueueToken(Queues.CacheWarm)) private readonly cacheWarm: Queue,
    @Inject(getQueueToken(Queues.WriteBehind)) private readonly writeBehind: Queue,
  ) {}

  onModuleInit(): void {
    const queues = [this.optimization, this.cacheWarm, this.writeBehind];
    const logger = this.logger;
    this.metrics.createGauge({
      name: 'bullmq_queue_jobs',
      help: 'Jobs in each BullMQ queue, by state, at scrape time.',
      labelNames: ['queue', 'state'],
      async collect() {
        this.reset();
        const counts = await Promise.allSettled(queues.map((queue) => queue.getJobCounts(...QUEUE_JOB_STATES)));
        counts.forEach((result, index) => {
          // A scrape while Redis is away reports nothing for the queue rather than zeros.
          if (result.status === 'rejected') {
            logger.warn({ err: result.reason }, `job counts of ${queues[index].name} unavailable`);
            return;
          }
          for (const state of QUEUE_JOB_STATES) this.set({ queue: queues[index].name, state }, result.value[state] ?? 0);
        });
      },
    });
  }
}
