import { Injectable, Logger } from '@nestjs/common';
import {
  type CacheEntryResponse,
  cacheKeySchema,
  DEFAULT_NAMESPACE,
  namespaceSchema,
  type Scope,
  Scopes,
} from '@hotpath/contracts';
import { TieredCache } from '@hotpath/cache';
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
 * answer problem+json. EntriesController declares the route and delegates to {@link handle} too.
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
        return (request, reply) => route.handle(request as EntryRequest, reply, true);
      },
    };
  }

  /**
   * The entry to send (undefined once a 304 or an error was sent). Natively (`authenticate`), it runs the auth checks itself and sends
   * errors as problem+json; under Nest, the guard has run and errors go to Nest's filter.
   */
  handle(
    request: EntryRequest,
    reply: FastifyReply,
    authenticate = false,
  ): Promise<CacheEntryResponse | undefined> {
    // What settles with a sent reply settles when it is written: Fastify must not send again
    // while an async onSend hook (compression) still works on the first answer.
    if (!authenticate) return this.read(request, reply);
    let admission: Admission | Promise<Admission>;
    try {
      admission = this.authenticator.admit(request.headers.authorization, READ_SCOPES);
    } catch (error) {
      return this.fail(request, reply, error);
    }
    const admitted = (settled: Admission) => {
      (request as AuthenticatedRequest).principal = settled.principal;
      if (settled.headers) reply.headers(settled.headers);
      return this.read(request, reply).catch((error: unknown) => this.fail(request, reply, error));
    };
    if (admission instanceof Promise) {
      return admission.then(admitted, (error: unknown) => this.fail(request, reply, error));
    }
    return admitted(admission);
  }

  /** The entry to send, or undefined when the answer (304) is sent already. */
  private async read(request: EntryRequest, reply: FastifyReply): Promise<CacheEntryResponse | undefined> {
    const key = parseInput(cacheKeySchema, request.params.key, 'params.key');
    const { namespace } = parseInput(namespaceQuery, request.query, 'query');
    const hit = await this.cache.get(namespace, key);
    if (!hit) throw new AppError('NotFound', 'CACHE_MISS', `No entry '${key}' in namespace '${namespace}'.`);
    const etag = etagOf(hit.version);
    setCacheHeaders(reply, etag, this.cache.policyOf(namespace).httpMaxAgeSeconds);
    if (notModified(request, etag)) return settled(reply.code(304).send());
    return entryResponse(namespace, key, hit);
  }

  private fail(request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<undefined> {
    sendProblem(request, reply, error, this.logger);
    return settled(reply);
  }
}

/** Resolves once the reply is written (a FastifyReply is a thenable of exactly that). */
function settled(reply: FastifyReply): Promise<undefined> {
  return new Promise((resolve, reject) => reply.then(() => resolve(undefined), reject));
}
