import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RawLane } from '../http/raw-lane';
import { type RequestContext, requestContext } from './request-context';

/** Probes and scrapes are not logged: they would drown the requests that matter. */
const QUIET_PATHS = /^\/(health\/|metrics$)/;

/**
 * Request logging on Fastify's own hooks: the request is bound for the lines logged while it is
 * handled (see {@link requestContext}), and one `request completed` line is written when it ends,
 * at `error` for 5xx, at `info` otherwise — only when that level is enabled. Requests the raw lane
 * answers get the same line.
 *
 * @param root the application's root logger, resolved at the first request (it exists only once
 *   the Nest application is built, after these hooks are installed).
 * @param context where requests are bound: the process's, which the logger's mixin reads.
 */
export function installRequestLogging(
  fastify: FastifyInstance,
  lane: RawLane,
  root: () => Logger | undefined,
  context: RequestContext = requestContext,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    context.run({ id: String(request.id), method: request.method, url: request.url }, reply.raw, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logCompleted(
      root(),
      String(request.id),
      request.method,
      request.url,
      reply.statusCode,
      reply.elapsedTime,
    );
    done();
  });
  lane.onResponse(({ request, requestId, statusCode, elapsedMs }) =>
    logCompleted(root(), requestId, request.method as string, request.url as string, statusCode, elapsedMs),
  );
}

function logCompleted(
  logger: Logger | undefined,
  id: string,
  method: string,
  url: string,
  statusCode: number,
  elapsedMs: number,
): void {
  const level = statusCode >= 500 ? 'error' : 'info';
  if (!logger?.isLevelEnabled(level) || QUIET_PATHS.test(url)) return;
  logger[level](
    {
      req: { id, method, url },
      // pino-http's `res` serializer keeps the status only of a response whose headers were sent
      // (as they were, by now); without the flag every line said `"statusCode": null`.
      res: { statusCode, headersSent: true },
      responseTime: Math.round(elapsedMs * 100) / 100,
    },
    'request completed',
  );
}
