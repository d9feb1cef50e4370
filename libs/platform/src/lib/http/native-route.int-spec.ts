import { Injectable, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadServiceConfig } from '../config/load-service-config';
import { LoggingModule } from '../logging/logging.module';
import { createHttpApp } from './create-http-app';
import { DeclaringController } from './declaring.controller.fixture';
import type { NativeRoute } from './native-route';

@Injectable()
class NativeReader {
  read(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    reply.header('x-served-by', 'native');
    return { servedBy: 'native', id: request.params.id };
  }
}

@Module({
  imports: [LoggingModule.forRoot({ serviceName: 'native', instanceId: 'native-1', level: 'silent' })],
  controllers: [DeclaringController],
  providers: [NativeReader],
})
class NativeModule {}

const config = loadServiceConfig({ serviceName: 'native', portVariable: 'NATIVE_PORT', defaultPort: 1 }, {});

const route = (url: string): NativeRoute => ({
  method: 'GET',
  url,
  resolve: (app) => {
    const reader = app.get(NativeReader);
    return (request, reply) => reader.read(request as FastifyRequest<{ Params: { id: string } }>, reply);
  },
});

describe('createHttpApp nativeRoutes', () => {
  let app: NestFastifyApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves a Nest-declared route with the native handler, Fastify hooks included', async () => {
    app = await createHttpApp(NativeModule, config, { nativeRoutes: [route('/n/:id')] });
    await app.init();
    const response = await app.inject({
      method: 'GET',
      url: '/n/42',
      headers: { 'x-request-id': 'native-1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ servedBy: 'native', id: '42' });
    expect(response.headers['x-served-by']).toBe('native');
    // The request-id hook ran: hooks are Fastify's, not Nest's.
    expect(response.headers['x-request-id']).toBe('native-1');
  });

  it('refuses to start listening when a native route has no Nest declaration', async () => {
    app = await createHttpApp(NativeModule, config, { nativeRoutes: [route('/nowhere/:id')] });
    await app.init();
    // Fastify's ready() is what listen() awaits before it opens the port.
    await expect(app.getHttpAdapter().getInstance().ready()).rejects.toThrow(
      'native routes without a Nest route: GET /nowhere/:id',
    );
  });
});
