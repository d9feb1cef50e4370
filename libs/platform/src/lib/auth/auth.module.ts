import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { AuthConfigurableModule } from './auth.options';

/** Installs {@link ApiKeyGuard} as a global guard. */
@Module({ providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }] })
export class AuthModule extends AuthConfigurableModule {}
