import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Queues } from '@hotpath/contracts';
import { WriteBehindProcessor } from './write-behind.processor';
import { WriteBehindSinks } from './write-behind-sinks';

/**
 * Write-behind flushing: the `hotpath.write-behind` processor and its sinks. Needs
 * BullModule.forRoot and PlatformModule (SERVICE_CONFIG, QUEUE_REDIS) from the app.
 */
@Module({
  imports: [BullModule.registerQueue({ name: Queues.WriteBehind })],
  providers: [WriteBehindSinks, WriteBehindProcessor],
})
export class WriteBehindModule {}
