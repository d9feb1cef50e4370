import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestContext } from './request-context';

/** Probes and scrapes are not logged: they would drown the requests that matter. */
const QUIET_PATHS = /^\/(health\/|metrics$)/;

/**
 * Request logging on Fastify's own hooks: the request is bound for the lines logged while it is
 * handled (see {@link requestContext}), and one `request completed` line is written when it ends,
 * at `error` for 5xx, at `info` otherwise — only when that level is enabled.
 *
 * @param root the application's root logger, resolved at the first request (it exists only once
 *   the Nest application is built, after these hooks are installed).
 */
export function installRequestLogging(fastify: FastifyInstance, root: () => Logger | undefined): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    requestContext.run({ id: String(request.id), method: request.method, url: request.url }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const logger = root();
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (logger?.isLevelEnabled(level) && !QUIET_PATHS.test(request.url)) {
      logger[level](
        {
          req: { id: String(request.id), method: request.method, url: request.url },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request completed',
      );
    }
    done();
  });
}
