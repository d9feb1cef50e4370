import { createServer, type RequestListener, type Server } from 'node:http';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { ServiceConfig } from '../config/service-config';
import { TransportErrorFilter } from '../errors/transport-error.filter';
import {
  type CompressionOptions,
  DEFAULT_COMPRESSION_THRESHOLD_BYTES,
} from './compression/compression.options';
import { installCompression } from './compression/install-compression';
import { installOpenApi } from './openapi/install-openapi';
import type { OpenApiOptions } from './openapi/openapi.options';
import { installRequestLogging } from '../logging/install-request-logging';
import type { NativeRoute } from './native-route';
import { RawLane } from './raw-lane';
import { requestIdOf } from './request-id';

export interface HttpAppOptions {
  /**
   * Also serve message patterns over this transport (the app builds it: Hotpath's Redis Streams
   * transport lives in libs/transport, which the platform does not import).
   */
  transport?: (config: ServiceConfig) => CustomTransportStrategy;
  /** Largest request body Fastify reads before answering 413 (default 1 MiB + 64 KiB of envelope). */
  bodyLimitBytes?: number;
  /** Compress responses with br/gzip by Accept-Encoding (`true`: defaults, bodies above 1 KiB). */
  compression?: CompressionOptions | boolean;
  /** Serve the OpenAPI document of the app's routes (public): UI at `/api/docs`, JSON at `/api/docs-json`. */
  openApi?: OpenApiOptions | boolean;
  /** Nest routes served by a plain Fastify handler (see {@link NativeRoute}). */
  nativeRoutes?: NativeRoute[];
}

const DEFAULT_BODY_LIMIT = 1024 * 1024 + 64 * 1024;

/**
 * The one way Hotpath builds an HTTP service: Fastify, pino logs, problem+json errors, request ids
 * echoed in `X-Request-Id`, shutdown hooks, and optionally a message transport with RPC errors.
 * The caller decides when to `listen` (tests use `inject` or an ephemeral port).
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  config: ServiceConfig,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const compression = options.compression === true ? {} : options.compression || undefined;
  const lane = new RawLane(
    compression ? (compression.thresholdBytes ?? DEFAULT_COMPRESSION_THRESHOLD_BYTES) : undefined,
  );
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    genReqId: requestIdOf,
    trustProxy: true,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 2048 },
    // No Hotpath service uses Nest middleware (cross-cutting work lives in Fastify hooks and Nest
    // guards), so @fastify/middie's onRequest hook would only cost every request a pass.
    skipMiddie: true,
    serverFactory: (handler: RequestListener, settings: FastifyServerOptions) =>
      laneServer(lane, handler, settings),
  });
  const fastify = adapter.getInstance();
  RawLane.attach(fastify, lane);
  fastify.addHook('preClose', (done) => {
    lane.close();
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  installRequestLogging(fastify, lane, () => PinoLogger.root);
  if (compression) installCompression(fastify, compression);

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.useGlobalFilters(new TransportErrorFilter());
  if (options.nativeRoutes?.length) serveNatively(app, lane, options.nativeRoutes);
  app.enableShutdownHooks();
  if (options.openApi) installOpenApi(app, config, options.openApi === true ? {} : options.openApi);

  if (options.transport) {
    // Shares the app's config (filters and guards included) and its module init: lifecycle hooks
    // run once.
    app.connectMicroservice({ strategy: options.transport(config) }, { inheritAppConfig: true });
  }
  return app;
}

/**
 * The HTTP server Fastify would make, with the timeouts it would set (`settings` are its options,
 * defaults filled in), its requests offered to the lane first.
 */
function laneServer(lane: RawLane, handler: RequestListener, settings: FastifyServerOptions): Server {
  const server = createServer((request, response) => {
    if (!lane.serve(request, response)) handler(request, response);
  });
  if (settings.keepAliveTimeout !== undefined) server.keepAliveTimeout = settings.keepAliveTimeout;
  if (settings.requestTimeout !== undefined) server.requestTimeout = settings.requestTimeout;
  if (settings.connectionTimeout !== undefined) server.setTimeout(settings.connectionTimeout);
  if (settings.maxRequestsPerSocket) server.maxRequestsPerSocket = settings.maxRequestsPerSocket;
  return server;
}

/**
 * Swaps each native route's Nest handler for its own as Fastify registers it, and puts its raw
 * handler, if any, in the lane; a route Nest never declares fails the start.
 */
function serveNatively(app: NestFastifyApplication, lane: RawLane, routes: NativeRoute[]): void {
  const fastify = app.getHttpAdapter().getInstance();
  const pending = new Map(routes.map((route) => [`${route.method} ${route.url}`, route]));
  fastify.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) {
      const route = pending.get(`${method} ${options.url}`);
      if (!route) continue;
      options.handler = route.resolve(app);
      const raw = route.resolveRaw?.(app, lane);
      if (raw) lane.add(method, route.url, raw);
      pending.delete(`${method} ${options.url}`);
    }
  });
  fastify.addHook('onReady', (done) => {
    if (pending.size === 0) return done();
    done(new Error(`native routes without a Nest route: ${[...pending.keys()].join(', ')}`));
  });
}
