import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Scope } from '@hotpath/contracts';
import { AppError } from '../errors/app-error';
import { LeasedRateLimiter } from '../rate-limit/leased-rate-limiter';
import type { RateLimit, RateLimitDecision } from '../rate-limit/rate-limit';
import { rateLimitFallbackCounter } from '../rate-limit/rate-limit-fallback.metric';
import { RateLimitedError, rateLimitHeaders } from '../rate-limit/rate-limited.error';
import { RedisRateLimiter } from '../rate-limit/redis-rate-limiter';
import { ApiKeyRegistry } from './api-key-registry';
import type { ApiPrincipal } from './api-principal';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options';
import { MissingScopeError, UnauthenticatedError } from './auth.errors';
import { bearerToken, MAX_API_KEY_LENGTH } from './bearer-token';
import { equalInConstantTime } from './equal-in-constant-time';

/** What an admitted request carries on: who it is, and the rate-limit headers to answer with. */
export interface Admission {
  principal: ApiPrincipal;
  headers?: Record<string, string>;
}

/**
 * The checks every protected request passes, in order: an API key (401), the route's or message
 * handler's scopes (403), then the key's fleet-wide rate limit (429). The global {@link ApiKeyGuard}
 * runs it for Nest routes ({@link admit}) and Redis-transport handlers ({@link admitKey}), and a
 * route served natively on Fastify (see `HttpAppOptions.nativeRoutes`) runs the same.
 */
@Injectable()
export class HttpAuthenticator {
  private readonly logger = new Logger(HttpAuthenticator.name);
  private readonly registry: ApiKeyRegistry;
  private readonly limiter?: LeasedRateLimiter;
  private readonly defaults: RateLimit = {
    perSecond: Number.POSITIVE_INFINITY,
    burst: Number.MAX_SAFE_INTEGER,
  };
  /**
   * The `Authorization` header last verified on each connection, and its principal: a keep-alive
   * client sends the same header with every request, which then costs a comparison instead of a
   * SHA-256, which is a sizeable share of an L1 hit's whole cost over HTTP (docs/benchmarks.md).
   * Kept per connection, so a header is only ever compared with one sent on the same connection,
   * and in constant time, as a gateway may carry several clients' requests on one connection. The
   * registry still holds digests only; the header lives as long as the connection that sent it.
   */
  private readonly verified = new WeakMap<object, { authorization: string; principal: ApiPrincipal }>();

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.registry = new ApiKeyRegistry(options);
    if (options.rateLimit) {
      const remote = new RedisRateLimiter(options.rateLimit.redis, options.rateLimit.keyPrefix);
      const fallbacks = rateLimitFallbackCounter(options.rateLimit.metricsRegistry);
      this.limiter = new LeasedRateLimiter(remote, {
        onFallbackAdmission: (reason) => fallbacks.inc({ reason }),
        // A Redis outage must not take the API down, nor lift the limits: each instance limits
        // every key by itself until Redis answers again.
        onOutage: (reason, error) =>
          this.logger.warn(
            { err: error, reason },
            'Rate limiter cannot reach Redis; each instance limits keys on its own until it answers',
          ),
      });
      this.defaults = options.rateLimit.defaults;
    }
  }

  /**
   * Admits an HTTP request by its `Authorization: Bearer <key>` header.
   * @param connection the request's socket, where a verified header is remembered (see `verified`).
   * @throws AppError 401, 403, 429 or (for a route without scopes) 500 ROUTE_WITHOUT_SCOPE.
   */
  admit(
    authorization: string | undefined,
    required: readonly Scope[] | undefined,
    connection?: object,
  ): Admission | Promise<Admission> {
    return this.authorize(this.authenticate(authorization, connection), required);
  }

  /**
   * Admits a request by the raw key it carries (a Redis-transport message), with the same digest
   * comparison, scopes and rate limit as {@link admit}. The key is never logged or kept.
   * @throws AppError 401, 403, 429 or (for a handler without scopes) 500 ROUTE_WITHOUT_SCOPE.
   */
  admitKey(
    rawKey: string | undefined,
    required: readonly Scope[] | undefined,
  ): Admission | Promise<Admission> {
    if (typeof rawKey !== 'string' || rawKey.length === 0 || rawKey.length > MAX_API_KEY_LENGTH) {
      throw new UnauthenticatedError('Send an API key with every request.');
    }
    const principal = this.registry.authenticate(rawKey);
    if (!principal) throw new UnauthenticatedError('The API key is not valid.');
    return this.authorize(principal, required);
  }

  private authorize(
    principal: ApiPrincipal,
    required: readonly Scope[] | undefined,
  ): Admission | Promise<Admission> {
    if (!required || required.length === 0) {
      throw new AppError('Internal', 'ROUTE_WITHOUT_SCOPE', 'This route declares no scope and is closed.');
    }
    for (const scope of required) {
      if (!principal.scopes.has(scope)) {
        throw new MissingScopeError(
          principal.name,
          required.filter((wanted) => !principal.scopes.has(wanted)),
        );
      }
    }
    if (!this.limiter) return { principal };
    // An unreachable Redis means a local decision (see LeasedRateLimiter), never a rejection.
    const decision = this.limiter.consume(principal.name, this.limitOf(principal));
    if (decision instanceof Promise) return decision.then((settled) => this.verdict(principal, settled));
    return this.verdict(principal, decision);
  }

  private authenticate(authorization: string | undefined, connection: object | undefined): ApiPrincipal {
    const known = connection === undefined ? undefined : this.verified.get(connection);
    if (
      known !== undefined &&
      authorization !== undefined &&
      equalInConstantTime(known.authorization, authorization)
    ) {
      return known.principal;
    }
    const key = bearerToken(authorization);
    if (!key) throw new UnauthenticatedError('Send an API key as "Authorization: Bearer <key>".');
    const principal = this.registry.authenticate(key);
    if (!principal) throw new UnauthenticatedError('The API key is not valid.');
    if (connection !== undefined)
      this.verified.set(connection, { authorization: authorization as string, principal });
    return principal;
  }

  private limitOf(principal: ApiPrincipal): RateLimit {
    return principal.rateLimit ?? this.defaults;
  }

  private verdict(principal: ApiPrincipal, decision: RateLimitDecision): Admission {
    const limit = this.limitOf(principal);
    if (!decision.allowed) throw new RateLimitedError(principal.name, limit, decision);
    return { principal, headers: rateLimitHeaders(limit, decision) };
  }
}
