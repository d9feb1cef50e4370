import { Module } from '@nestjs/common';
import { PolicyStore } from './policy-store';

/**
 * Namespace policies persisted in PostgreSQL and applied by every instance within 1 s. Needs the
 * global providers of PlatformModule: DATABASE_DATA_SOURCE, QUEUE_REDIS and SERVICE_CONFIG.
 */
@Module({
  providers: [PolicyStore],
  exports: [PolicyStore],
})
export class PoliciesModule {}
