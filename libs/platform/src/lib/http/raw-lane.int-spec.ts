import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadServiceConfig } from '../config/load-service-config';
import { LoggingModule } from '../logging/logging.module';
import { createHttpApp } from './create-http-app';
import { DeclaringController } from './declaring.controller.fixture';
import type { NativeRoute } from './native-route';
import { type RawExchange, rawLaneOf } from './raw-lane';

/** Answers `/n/raw` on the raw request; leaves anything else, with a note, to the Fastify handler. */
const rawRoute: NativeRoute = {
  method: 'GET',
  url: '/n/:id',
  resolve: () => (request, reply) => {
    reply.header('x-served-by', 'fastify');
    return { note: (request.raw as { note?: string }).note ?? null };
  },
  resolveRaw: () => (request, response, requestId) => {
    if (!request.url?.startsWith('/n/raw')) {
      (request as { note?: string }).note = 'left by the raw handler';
      return undefined;
    }
    response.writeHead(200, [
      'content-type',
      'application/json',
      'x-request-id',
      requestId,
      'x-served-by',
      'raw',
    ]);
    response.end(JSON.stringify({ servedBy: 'raw' }));
    return 200;
  },
};

interface LogLine {
  msg: string;
  req?: { id: string; url: string };
  res?: { statusCode: number };
}

describe('createHttpApp raw lane (real socket)', () => {
  const logs: LogLine[] = [];
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) =>
    logs.push(
      ...chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LogLine),
    ),
  );

  @Module({
    imports: [
      LoggingModule.forRoot({ serviceName: 'lane', instanceId: 'lane-1', level: 'info', destination }),
    ],
    controllers: [DeclaringController],
  })
  class LaneModule {}

  const config = loadServiceConfig({ serviceName: 'lane', portVariable: 'LANE_PORT', defaultPort: 1 }, {});
  let app: NestFastifyApplication;
  const exchanges: RawExchange[] = [];
  let base: string;

  beforeAll(async () => {
    app = await createHttpApp(LaneModule, config, { nativeRoutes: [rawRoute] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    rawLaneOf(app.getHttpAdapter().getInstance())?.onResponse((exchange) => exchanges.push(exchange));
    base = await app.getUrl();
  });

  afterAll(() => app.close());

  it('offers a request to the raw handler first, and reports and logs what it answered', async () => {
    const raw = await fetch(`${base}/n/raw`, { headers: { 'x-request-id': 'raw-1' } });
    expect(await raw.json()).toEqual({ servedBy: 'raw' });
    expect(raw.headers.get('x-request-id')).toBe('raw-1');
    expect(exchanges).toEqual([
      expect.objectContaining({ route: '/n/:id', statusCode: 200, requestId: 'raw-1' }),
    ]);
    const completed = () => logs.find((line) => line.msg === 'request completed' && line.req?.id === 'raw-1');
    while (!completed()) await once(destination, 'data');
    expect(completed()).toMatchObject({ req: { url: '/n/raw' }, res: { statusCode: 200 } });
  });

  it('serves with Fastify what the raw handler leaves, with what the handler left on the request', async () => {
    const before = exchanges.length;
    const left = await fetch(`${base}/n/7`, { headers: { 'x-request-id': 'fastify-1' } });
    expect(await left.json()).toEqual({ note: 'left by the raw handler' });
    expect(left.headers.get('x-served-by')).toBe('fastify');
    expect(left.headers.get('x-request-id')).toBe('fastify-1');
    expect(exchanges).toHaveLength(before);
  });

  it("tells raw handlers the app's compression threshold: none without compression", () => {
    expect(rawLaneOf(app.getHttpAdapter().getInstance())?.compressAboveBytes).toBe(Number.POSITIVE_INFINITY);
  });

  it('is not on the path of inject(), which never goes through the server', async () => {
    expect((await app.inject({ method: 'GET', url: '/n/raw' })).json()).toEqual({ note: null });
  });
});
