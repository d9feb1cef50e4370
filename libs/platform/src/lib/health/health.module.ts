import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthConfigurableModule } from './health.options';

/** `/health/live` and `/health/ready` over the readiness checks the app passes in. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
})
export class HealthModule extends HealthConfigurableModule {}
