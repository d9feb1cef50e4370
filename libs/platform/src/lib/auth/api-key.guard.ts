import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '@hotpath/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { RateLimitedError, rateLimitHeaders } from '../rate-limit/rate-limited.error';
import { RedisRateLimiter } from '../rate-limit/redis-rate-limiter';
import { ApiKeyRegistry } from './api-key-registry';
import type { ApiPrincipal } from './api-principal';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options';
import { MissingScopeError, UnauthenticatedError } from './auth.errors';
import { bearerToken } from './bearer-token';
import { PUBLIC_ROUTE } from './public.decorator';
import { REQUIRED_SCOPES } from './require-scopes.decorator';

export type AuthenticatedRequest = FastifyRequest & { principal?: ApiPrincipal };

/**
 * The one gate of every HTTP route: API key (401), scopes (403), then the key's fleet-wide rate
 * limit (429). Routes opt out only with `@Public()`; a route with neither `@Public()` nor
 * `@RequireScopes()` is refused, so a forgotten decorator fails closed.
 * Redis-transport handlers are not HTTP and are authenticated by network policy instead.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);
  private readonly registry: ApiKeyRegistry;
  private readonly limiter?: RedisRateLimiter;
  private lastLimiterWarning = 0;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    this.registry = new ApiKeyRegistry(options);
    if (options.rateLimit)
      this.limiter = new RedisRateLimiter(options.rateLimit.redis, options.rateLimit.keyPrefix);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerToken(request.headers.authorization);
    if (!key) throw new UnauthenticatedError('Send an API key as "Authorization: Bearer <key>".');
    const principal = this.registry.authenticate(key);
    if (!principal) throw new UnauthenticatedError('The API key is not valid.');

    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets);
    if (!required || required.length === 0) {
      throw new AppError('Internal', 'ROUTE_WITHOUT_SCOPE', 'This route declares no scope and is closed.');
    }
    const missing = required.filter((scope) => !principal.scopes.has(scope));
    if (missing.length > 0) throw new MissingScopeError(principal.name, missing);

    request.principal = principal;
    await this.enforceRateLimit(principal, context.switchToHttp().getResponse<FastifyReply>());
    return true;
  }

  private async enforceRateLimit(principal: ApiPrincipal, reply: FastifyReply): Promise<void> {
    if (!this.limiter || !this.options.rateLimit) return;
    const limit = principal.rateLimit ?? this.options.rateLimit.defaults;
    let decision;
    try {
      decision = await this.limiter.consume(principal.name, limit);
    } catch (error) {
      // Fail open: a Redis outage must not take the API down with it.
      this.warnLimiterDown(error);
      return;
    }
    if (!decision.allowed) throw new RateLimitedError(principal.name, limit, decision);
    reply.headers(rateLimitHeaders(limit, decision));
  }

  private warnLimiterDown(error: unknown): void {
    const now = Date.now();
    if (now - this.lastLimiterWarning < 10_000) return;
    this.lastLimiterWarning = now;
    this.logger.warn({ err: error }, 'Rate limiter unavailable; requests pass unlimited until Redis answers');
  }
}
