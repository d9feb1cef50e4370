import type { IncomingMessage, ServerResponse } from 'node:http';
import { rawHeader, REPEATED } from './raw-header';
import { requestIdFrom } from './request-id';

/**
 * Answers a request on the raw Node objects, before Fastify sees it: returns the status it sent,
 * having written the whole response, or `undefined` having written nothing, and Fastify then
 * serves the request as usual (the handler may leave what it already did on the request for the
 * Fastify handler to reuse). `requestId` is the `X-Request-Id` the response must carry.
 */
export type RawHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
) => number | undefined;

/** A request the lane answered: what Fastify's `onResponse` hooks would otherwise have seen. */
export interface RawExchange {
  request: IncomingMessage;
  requestId: string;
  /** The route's template, e.g. `/api/v2/cache/entries/:key`. */
  route: string;
  statusCode: number;
  /** Milliseconds from the lane taking the request to the response written. */
  elapsedMs: number;
}

/** The lane of each Fastify instance createHttpApp built, for hooks installed later (metrics). */
const lanes = new WeakMap<object, RawLane>();

/** The {@link RawLane} in front of `fastify`, if createHttpApp put one there. */
export function rawLaneOf(fastify: object): RawLane | undefined {
  return lanes.get(fastify);
}

interface LaneRoute {
  method: string;
  /** The template's static part, up to its first parameter. */
  prefix: string;
  template: string;
  handler: RawHandler;
}

/**
 * The front door of the hottest routes: the HTTP server hands each request here first, and the
 * lane offers it to the raw handler of a route whose method and static prefix match. A raw
 * handler answers only what it can answer completely at once (an L1 hit), in a few microseconds
 * less than Fastify's request and reply objects, routing and hooks cost. What Fastify's hooks do
 * for every request the lane does for the ones it answers: the request id, and the listeners that
 * record metrics and write the request log. While the app closes, everything goes to Fastify,
 * which answers 503.
 */
export class RawLane {
  /**
   * @param compressAboveBytes the app's compression threshold (Infinity without compression): a
   *   raw handler leaves a longer body to Fastify, whose hook compresses it.
   */
  constructor(readonly compressAboveBytes = Number.POSITIVE_INFINITY) {}

  /** Makes this the lane {@link rawLaneOf} finds for `fastify`. */
  static attach(fastify: object, lane: RawLane): void {
    lanes.set(fastify, lane);
  }

  private routes: LaneRoute[] = [];
  private readonly listeners: Array<(exchange: RawExchange) => void> = [];
  private closing = false;

  /** Offers `method` requests under `template` (a Fastify path template) to `handler`. */
  add(method: string, template: string, handler: RawHandler): void {
    const parameter = template.indexOf(':');
    const prefix = parameter < 0 ? template : template.slice(0, parameter);
    this.routes = [...this.routes, { method, prefix, template, handler }];
  }

  /** Calls `listener` after each response the lane wrote. */
  onResponse(listener: (exchange: RawExchange) => void): void {
    this.listeners.push(listener);
  }

  /** From now on every request goes to Fastify (it answers 503 while closing). */
  close(): void {
    this.closing = true;
  }

  /** Answers the request and returns true, or returns false having written nothing. */
  serve(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.closing) return false;
    const url = request.url as string;
    for (const route of this.routes) {
      if (request.method !== route.method || !url.startsWith(route.prefix)) continue;
      const started = performance.now();
      const incoming = rawHeader(request.rawHeaders, 'x-request-id');
      // A repeated X-Request-Id, which Node would join with ", ", is not a sane one: a new id.
      const requestId = requestIdFrom(incoming === REPEATED ? undefined : incoming);
      const statusCode = route.handler(request, response, requestId);
      if (statusCode === undefined) return false;
      this.answered(request, requestId, route.template, statusCode, performance.now() - started);
      return true;
    }
    return false;
  }

  private answered(
    request: IncomingMessage,
    requestId: string,
    route: string,
    statusCode: number,
    elapsedMs: number,
  ): void {
    if (this.listeners.length === 0) return;
    const exchange: RawExchange = { request, requestId, route, statusCode, elapsedMs };
    for (const listener of this.listeners) listener(exchange);
  }
}
