import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '@hotpath/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiPrincipal } from './api-principal';
import { HttpAuthenticator } from './http-authenticator';
import { PUBLIC_ROUTE } from './public.decorator';
import { REQUIRED_SCOPES } from './require-scopes.decorator';

export type AuthenticatedRequest = FastifyRequest & { principal?: ApiPrincipal };

/**
 * The one gate of every HTTP route: API key (401), scopes (403), then the key's fleet-wide rate
 * limit (429), as {@link HttpAuthenticator} checks them. Routes opt out only with `@Public()`; a
 * route with neither `@Public()` nor `@RequireScopes()` is refused, so a forgotten decorator fails
 * closed. Redis-transport handlers are not HTTP and are authenticated by network policy instead.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: HttpAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets);
    const admission = await this.authenticator.admit(
      request.headers.authorization,
      required,
      request.raw.socket,
    );
    request.principal = admission.principal;
    if (admission.headers) context.switchToHttp().getResponse<FastifyReply>().headers(admission.headers);
    return true;
  }
}
