import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import {
  cacheKeySchema,
  DEFAULT_NAMESPACE,
  isCacheKey,
  isNamespace,
  namespaceSchema,
} from '@hotpath/contracts';
import { type CacheHit, TieredCache } from '@hotpath/cache';
import {
  type Admission,
  AppError,
  assertNamespaceAllowed,
  type AuthenticatedRequest,
  HttpAuthenticator,
  type NativeRoute,
  parseInput,
  rawHeader,
  REPEATED,
  sendProblem,
} from '@hotpath/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { entryBody, representationOf, ttlTextOf } from './entry-response';
import { cacheControlOf, etagOf, isNotModified, notModified, setCacheHeaders, VARY } from './http-caching';
import { ENTRY_READ } from './entry-routes';
import { rawEntryTarget } from './raw-entry-target';

export const namespaceQuery = z.object({ namespace: namespaceSchema.default(DEFAULT_NAMESPACE) });

type EntryRequest = FastifyRequest<{ Params: { key: string } }>;
type Found = CacheHit | Promise<CacheHit | undefined>;

/**
 * What the raw lane did for a request before leaving it to Fastify, which carries on from there:
 * neither the rate limit nor the cache sees the request twice.
 */
interface Handover {
  admission: Admission | Promise<Admission>;
  found?: Found;
}
const HANDOVER = Symbol('entry read handover');
type RawRequest = IncomingMessage & { [HANDOVER]?: Handover };

/**
 * `GET /api/v2/cache/entries/:key`, the hottest route of the fleet: an L1 hit must cost little more
 * than bare Fastify. It is served natively (see `NativeRoute`), so it does here what Nest's
 * pipeline does for the other routes: authenticate, check scopes and the rate limit, validate, and
 * answer problem+json. EntriesController declares the route and delegates to {@link serve} too.
 * Before that, the raw lane offers it every such request ({@link serveRaw}): a plain URL, admitted
 * at once, with a fresh L1 copy small enough not to be compressed is answered there, without
 * Fastify; the rest is handed over, with the admission and lookup already made.
 */
@Injectable()
export class EntryReadRoute {
  private readonly logger = new Logger(EntryReadRoute.name);

  constructor(
    private readonly cache: TieredCache,
    private readonly authenticator: HttpAuthenticator,
  ) {}

  /** The route as createHttpApp's `nativeRoutes` takes it. */
  static native(): NativeRoute {
    return {
      method: ENTRY_READ.method,
      url: ENTRY_READ.url,
      resolve: (app) => {
        const route = app.get(EntryReadRoute);
        return (request, reply) => route.serve(request as EntryRequest, reply, true);
      },
      resolveRaw: (app, lane) => {
        const route = app.get(EntryReadRoute);
        const compressAbove = lane.compressAboveBytes;
        return (request, response, requestId) => route.serveRaw(request, response, requestId, compressAbove);
      },
    };
  }

  /**
   * Answers a fresh L1 hit (200 or 304) on the raw request and returns its status; otherwise
   * returns `undefined` having written nothing, after leaving what it did for {@link serve}.
   * A body longer than `compressAboveBytes` (the app's compression threshold) is left too.
   */
  serveRaw(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    compressAboveBytes: number,
  ): number | undefined {
    const target = rawEntryTarget(request.url as string);
    if (target === undefined) return undefined;
    // Read from rawHeaders: `request.headers` would be built for these two alone.
    const authorization = rawHeader(request.rawHeaders, 'authorization');
    const ifNoneMatch = rawHeader(request.rawHeaders, 'if-none-match');
    if (authorization === REPEATED || ifNoneMatch === REPEATED) return undefined;
    let admission: Admission | Promise<Admission>;
    try {
      admission = this.authenticator.admit(authorization, ENTRY_READ.scopes, request.socket);
    } catch (error) {
      admission = Promise.reject(error);
    }
    if (admission instanceof Promise) return handOver(request, { admission });
    const { namespace, key } = target;
    // Outside the key's grant: Fastify's path answers the 403.
    const grant = admission.principal.namespaces;
    if (grant !== undefined && !grant.allows(namespace)) return handOver(request, { admission });
    let found: Found;
    try {
      found = this.cache.lookup(namespace, key);
    } catch (error) {
      found = Promise.reject(error);
    }
    if (found instanceof Promise) return handOver(request, { admission, found });
    const representation = representationOf(namespace, key, found);
    if (representation === undefined) return handOver(request, { admission, found });
    // Flat name/value pairs: Node writes them as they are, with no headers object to build.
    const fields = [
      'x-request-id',
      requestId,
      'etag',
      representation.etag,
      'cache-control',
      cacheControlOf(this.cache.policyOf(namespace).httpMaxAgeSeconds),
      'vary',
      VARY,
    ];
    const limits = admission.headers;
    if (limits) for (const name in limits) fields.push(name, limits[name]);
    if (isNotModified(ifNoneMatch, representation.etag)) {
      response.writeHead(304, fields).end();
      return 304;
    }
    const ttl = ttlTextOf(found, Date.now());
    const bytes = representation.fixedBytes + ttl.length;
    // A longer body may be compressed, which is Fastify's hook's work.
    if (bytes > compressAboveBytes) return handOver(request, { admission, found });
    fields.push('content-type', JSON_CONTENT_TYPE, 'content-length', String(bytes));
    response.writeHead(200, fields).end(representation.head + ttl + representation.tail);
    return 200;
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
      const handover = takeHandover(request.raw);
      const admission =
        handover?.admission ??
        this.authenticator.admit(request.headers.authorization, ENTRY_READ.scopes, request.raw.socket);
      if (admission instanceof Promise) {
        return admission
          .then((settled) => this.readAdmitted(request, reply, settled, handover?.found))
          .catch((error: unknown) => this.fail(request, reply, error));
      }
      return this.readAdmitted(request, reply, admission, handover?.found);
    } catch (error) {
      return this.fail(request, reply, error);
    }
  }

  private readAdmitted(
    request: EntryRequest,
    reply: FastifyReply,
    admission: Admission,
    handedOver: Found | undefined,
  ): Promise<undefined> | undefined {
    (request as AuthenticatedRequest).principal = admission.principal;
    if (admission.headers) reply.headers(admission.headers);
    return this.read(request, reply, handedOver);
  }

  /**
   * Reads the entry (or takes the raw lane's read of it) and answers.
   * @throws AppError on invalid input (the caller answers it); a miss is answered here.
   */
  private read(
    request: EntryRequest,
    reply: FastifyReply,
    handedOver?: Found,
  ): Promise<undefined> | undefined {
    const key = request.params.key;
    if (!isCacheKey(key)) parseInput(cacheKeySchema, key, 'params.key');
    const namespace = namespaceOf(request.query);
    assertNamespaceAllowed((request as AuthenticatedRequest).principal, namespace);
    const found = handedOver ?? this.cache.lookup(namespace, key);
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
    else reply.type(JSON_CONTENT_TYPE).send(entryBody(namespace, key, hit));
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

/** Leaves `handover` on the request for {@link EntryReadRoute.serve}; the lane then passes it to Fastify. */
function handOver(request: RawRequest, handover: Handover): undefined {
  // Marked handled: if Fastify answers the request itself (503 while closing), nobody reads them.
  if (handover.admission instanceof Promise) handover.admission.catch(ignore);
  if (handover.found instanceof Promise) handover.found.catch(ignore);
  request[HANDOVER] = handover;
  return undefined;
}

function takeHandover(request: RawRequest): Handover | undefined {
  const handover = request[HANDOVER];
  if (handover !== undefined) request[HANDOVER] = undefined;
  return handover;
}

function ignore(): void {
  // A rejection the handler answers, or nobody needs to.
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Resolves once the reply is written (a FastifyReply is a thenable of exactly that). */
function settled(reply: FastifyReply): Promise<undefined> {
  return new Promise((resolve, reject) => reply.then(() => resolve(undefined), reject));
}
