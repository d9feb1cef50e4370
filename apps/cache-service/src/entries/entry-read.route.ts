import { Injectable, Logger } from '@nestjs/common';
import {
  cacheKeySchema,
  DEFAULT_NAMESPACE,
  isCacheKey,
  isNamespace,
  namespaceSchema,
  type Scope,
  Scopes,
} from '@hotpath/contracts';
import { type CacheHit, TieredCache } from '@hotpath/cache';
import {
  type Admission,
  AppError,
  type AuthenticatedRequest,
  HttpAuthenticator,
  type NativeRoute,
  parseInput,
  sendProblem,
} from '@hotpath/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { entryResponse } from './entry-response';
import { etagOf, notModified, setCacheHeaders } from './http-caching';

export const namespaceQuery = z.object({ namespace: namespaceSchema.default(DEFAULT_NAMESPACE) });

/** The scopes `GET /entries/:key` requires; EntriesController declares the same for its metadata. */
export const READ_SCOPES: readonly Scope[] = [Scopes.CacheRead];

type EntryRequest = FastifyRequest<{ Params: { key: string } }>;

/**
 * `GET /api/v2/cache/entries/:key`, the hottest route of the fleet: an L1 hit must cost little more
 * than bare Fastify. It is served natively (see `NativeRoute`), so it does here what Nest's
 * pipeline does for the other routes: authenticate, check scopes and the rate limit, validate, and
 * answer problem+json. EntriesController declares the route and delegates to {@link serve} too.
 */
@Injectable()
export class EntryReadRoute {
  private readonly logger = new Logger('EntriesController');

  constructor(
    private readonly cache: TieredCache,
    private readonly authenticator: HttpAuthenticator,
  ) {}

  /** The route as createHttpApp's `nativeRoutes` takes it. */
  static native(): NativeRoute {
    return {
      method: 'GET',
      url: '/api/v2/cache/entries/:key',
      resolve: (app) => {
        const route = app.get(EntryReadRoute);
        return (request, reply) => route.serve(request as EntryRequest, reply, true);
      },
    };
  }

  /**
   * Answers the request: synchronously (no promise at all) when the request is admitted at once and
   * L1 holds a fresh copy, which is the common case; asynchronously otherwise, settling once the
   * reply is written. Natively (`authenticate`), it runs the auth checks itself; under Nest the
   * guard has run. Errors are answered as problem+json either way.
   */
  serve(request: EntryRequest, reply: FastifyReply, authenticate: boolean): Promise<undefined> | undefined {
    try {
      if (!authenticate) return this.read(request, reply);
      const admission = this.authenticator.admit(request.headers.authorization, READ_SCOPES);
      if (admission instanceof Promise) {
        return admission
          .then((settled) => this.readAdmitted(request, reply, settled))
          .catch((error: unknown) => this.fail(request, reply, error));
      }
      return this.readAdmitted(request, reply, admission);
    } catch (error) {
      return this.fail(request, reply, error);
    }
  }

  private readAdmitted(
    request: EntryRequest,
    reply: FastifyReply,
    admission: Admission,
  ): Promise<undefined> | undefined {
    (request as AuthenticatedRequest).principal = admission.principal;
    if (admission.headers) reply.headers(admission.headers);
    return this.read(request, reply);
  }

  /** @throws AppError on invalid input (the caller answers it); a miss is answered here. */
  private read(request: EntryRequest, reply: FastifyReply): Promise<undefined> | undefined {
    const key = request.params.key;
    if (!isCacheKey(key)) parseInput(cacheKeySchema, key, 'params.key');
    const namespace = namespaceOf(request.query);
    const found = this.cache.lookup(namespace, key);
    if (!(found instanceof Promise)) return this.answer(request, reply, namespace, key, found);
    return found
      .then((hit) => this.answer(request, reply, namespace, key, hit) ?? settled(reply))
      .catch((error: unknown) => this.fail(request, reply, error));
  }

  /** Sends the hit (200 or 304) or a 404 problem; a promise only when that is still being written. */
  private answer(
    request: EntryRequest,
    reply: FastifyReply,
    namespace: string,
    key: string,
    hit: CacheHit | undefined,
  ): Promise<undefined> | undefined {
    if (!hit) {
      const miss = new AppError('NotFound', 'CACHE_MISS', `No entry '${key}' in namespace '${namespace}'.`);
      return this.fail(request, reply, miss);
    }
    const etag = etagOf(hit.version);
    setCacheHeaders(reply, etag, this.cache.policyOf(namespace).httpMaxAgeSeconds);
    if (notModified(request, etag)) reply.code(304).send();
    else reply.send(entryResponse(namespace, key, hit));
    // A body above the compression threshold is still being compressed: Fastify must wait for it.
    return reply.sent ? undefined : settled(reply);
  }

  private fail(request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<undefined> {
    sendProblem(request, reply, error, this.logger);
    return settled(reply);
  }
}

/** The `namespace` query parameter, or the default; the schema answers anything else. */
function namespaceOf(query: unknown): string {
  const namespace = (query as { namespace?: unknown } | undefined)?.namespace;
  if (namespace === undefined) return DEFAULT_NAMESPACE;
  return isNamespace(namespace) ? namespace : parseInput(namespaceQuery, query, 'query').namespace;
}

/** Resolves once the reply is written (a FastifyReply is a thenable of exactly that). */
function settled(reply: FastifyReply): Promise<undefined> {
  return new Promise((resolve, reject) => reply.then(() => resolve(undefined), reject));
}
