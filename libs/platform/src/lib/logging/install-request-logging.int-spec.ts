import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { RawLane } from '../http/raw-lane';
import { installRequestLogging } from './install-request-logging';
import { type RequestBinding, RequestContext } from './request-context';

const CHECK_MS = 1_000;

describe('installRequestLogging (real socket)', () => {
  const context = new RequestContext(CHECK_MS);
  let fastify: FastifyInstance;
  let base: string;
  /** What the handler of the last request saw as its binding, and when its response closed. */
  let bound: RequestBinding | undefined;
  let closed: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    // Only the context's idle check runs on fake time; sockets and Fastify keep real timers.
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
      ],
    });
    fastify = Fastify();
    installRequestLogging(fastify, new RawLane(), () => undefined, context);
    fastify.get('/t', async (_request, reply) => {
      bound = context.current();
      closed = once(reply.raw, 'close');
      await Promise.resolve();
      return { bound: context.current()?.url ?? null };
    });
    base = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify.close();
    jest.useRealTimers();
  });

  async function get(path: string): Promise<unknown> {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    await closed;
    return body;
  }

  it('binds each request for its handler, and turns the context off once its response closed', async () => {
    expect(await get('/t?a=1')).toEqual({ bound: '/t?a=1' });
    expect(bound).toMatchObject({ method: 'GET', url: '/t?a=1' });
    expect(context.active).toBe(true);
    // A request started in this period: the first check keeps the context on, the second turns it off.
    jest.advanceTimersByTime(CHECK_MS);
    expect(context.active).toBe(true);
    jest.advanceTimersByTime(CHECK_MS);
    expect(context.active).toBe(false);

    expect(await get('/t?a=2')).toEqual({ bound: '/t?a=2' });
    expect(context.active).toBe(true);
  });
});
