import type { INestApplication } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawHandler, RawLane } from './raw-lane';

export type NativeHandler = (request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * A Nest route whose handler is swapped, when Fastify registers it, for a plain Fastify handler: the
 * data-plane route that must run at close to bare-Fastify speed. The Nest controller method stays
 * the route's declaration (path, scopes, OpenAPI); Fastify's hooks (request id, logs, metrics,
 * compression) still run; Nest's guards, pipes, interceptors and filters do not, so the handler
 * must authenticate ({@link HttpAuthenticator}) and answer errors ({@link sendProblem}) itself.
 */
export interface NativeRoute {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** The full path template as Fastify sees it, e.g. `/api/v2/cache/entries/:key`. */
  url: string;
  /** Builds the handler from the application once its providers exist. */
  resolve(app: INestApplication): NativeHandler;
  /**
   * Optionally, a handler offered the raw request before Fastify (see {@link RawLane}): it answers
   * what it can answer at once and leaves the rest to {@link resolve}'s handler.
   */
  resolveRaw?(app: INestApplication, lane: RawLane): RawHandler;
}
