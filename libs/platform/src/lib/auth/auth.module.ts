import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { AuthConfigurableModule } from './auth.options';
import { HttpAuthenticator } from './http-authenticator';

/**
 * Installs {@link ApiKeyGuard} as a global guard, and exports the {@link HttpAuthenticator} behind
 * it for routes served natively on Fastify.
 */
@Module({
  providers: [HttpAuthenticator, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [HttpAuthenticator],
})
export class AuthModule extends AuthConfigurableModule {}
