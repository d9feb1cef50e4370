import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Queues } from '@hotpath/contracts';
import { CacheWarmProcessor } from './cache-warm.processor';
import { CacheWarmRuntime } from './cache-warm.runtime';

/**
 * Cache warming: the `hotpath.cache-warm` processor and what it runs on. Needs BullModule.forRoot
 * and PlatformModule (SERVICE_CONFIG, QUEUE_REDIS) from the app.
 */
@Module({
  imports: [BullModule.registerQueue({ name: Queues.CacheWarm })],
  providers: [CacheWarmRuntime, CacheWarmProcessor],
})
export class CacheWarmModule {}
