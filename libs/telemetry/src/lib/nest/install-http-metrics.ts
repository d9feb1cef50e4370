import { rawLaneOf } from '@hotpath/platform';
import type { MetricsRegistry } from '../metrics/metrics-registry';

/** Route label of requests no route matched (404s, early 400s): one series, not one per URL. */
const UNMATCHED_ROUTE = 'unmatched';

/** The parts of a Fastify request/reply/instance this hook reads (structural: no `fastify` import). */
interface RequestLike {
  method: string;
  routeOptions?: { url?: string | null };
}
interface ReplyLike {
  statusCode: number;
  /** Milliseconds since Fastify received the request. */
  elapsedTime: number;
}
interface FastifyLike {
  addHook(
    name: 'onResponse',
    hook: (request: RequestLike, reply: ReplyLike, done: () => void) => void,
  ): unknown;
}

/**
 * Adds an `onResponse` hook recording every request (including `/metrics` and 404s) into the
 * registry's `http_server_request_duration_seconds`, labelled by the route TEMPLATE, and the same
 * for the requests the instance's raw lane answers (see `RawLane`), which never reach the hooks.
 *
 * Must run before Fastify is ready (Fastify refuses hooks afterwards). `TelemetryModule` calls it
 * from `onModuleInit`, which Nest runs inside `app.init()` before Fastify's `ready()`.
 */
export function installHttpMetrics(fastify: FastifyLike, registry: MetricsRegistry): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? UNMATCHED_ROUTE;
    registry.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  rawLaneOf(fastify)?.onResponse(({ request, route, statusCode, elapsedMs }) =>
    registry.observeRequest(request.method as string, route, statusCode, elapsedMs / 1000),
  );
}
