import { Module } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Queues } from '@hotpath/contracts';
import { RedisWriteBehindBuffer } from '@hotpath/cache';
import { QUEUE_REDIS } from '@hotpath/platform';
import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { WriteBehindBacklog } from './write-behind-backlog';

const WRITE_BEHIND_QUEUE = BullModule.registerQueue({ name: Queues.WriteBehind });

/**
 * The write-behind producer: writes staged in the queue Redis beside `hotpath.write-behind`
 * (RedisWriteBehindBuffer), and their backlog on /metrics and /status (WriteBehindBacklog).
 */
@Module({
  imports: [WRITE_BEHIND_QUEUE],
  providers: [
    {
      provide: RedisWriteBehindBuffer,
      inject: [QUEUE_REDIS, getQueueToken(Queues.WriteBehind)],
      useFactory: (redis: Redis | Cluster, queue: Queue) => new RedisWriteBehindBuffer({ redis, queue }),
    },
    WriteBehindBacklog,
  ],
  exports: [RedisWriteBehindBuffer, WriteBehindBacklog],
})
export class WriteBehindProducerModule {}
