import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '@hotpath/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiPrincipal } from './api-principal';
import { UnauthenticatedError } from './auth.errors';
import { HttpAuthenticator } from './http-authenticator';
import { PUBLIC_ROUTE } from './public.decorator';
import { REQUIRED_SCOPES } from './require-scopes.decorator';
import { isRpcCallerContext } from './rpc-caller-context';

export type AuthenticatedRequest = FastifyRequest & { principal?: ApiPrincipal };

/**
 * The one gate of every HTTP route and Redis-transport handler: API key (401), scopes (403), then
 * the key's fleet-wide rate limit (429), as {@link HttpAuthenticator} checks them. Handlers opt out
 * only with `@Public()`; one with neither `@Public()` nor `@RequireScopes()` is refused, so a
 * forgotten decorator fails closed.
 *
 * An HTTP request sends its key as `Authorization: Bearer <key>` and gets `request.principal`; a
 * transport message's context must be an {@link RpcCallerContext}, which hands over the key and
 * takes the principal. Any other context (a stock Nest transport's, which carries no key) is
 * refused as unauthenticated: whoever can reach the queue Redis is not thereby a caller.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: HttpAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets);

    switch (context.getType()) {
      case 'http': {
        const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
        const admission = await this.authenticator.admit(
          request.headers.authorization,
          required,
          request.raw.socket,
        );
        request.principal = admission.principal;
        if (admission.headers) context.switchToHttp().getResponse<FastifyReply>().headers(admission.headers);
        return true;
      }
      case 'rpc': {
        const caller: unknown = context.switchToRpc().getContext();
        if (!isRpcCallerContext(caller)) {
          throw new UnauthenticatedError(
            'This transport carries no API key; send through HotpathTransportClient.',
          );
        }
        const admission = await this.authenticator.admitKey(caller.getApiKey(), required);
        caller.setPrincipal(admission.principal);
        return true;
      }
      default:
        throw new UnauthenticatedError(`A ${context.getType()} request carries no API key.`);
    }
  }
}
