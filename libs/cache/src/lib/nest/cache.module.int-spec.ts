import { Controller, Get, Injectable, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startThrowawayRedis, type ThrowawayRedis } from '@hotpath/testing';
import { HotpathTransportClient, HotpathTransportServer } from '@hotpath/transport';
import { firstValueFrom } from 'rxjs';
import { StaticPolicySource } from '../policy/static-policy-source';
import { CacheEvict } from './cache-evict.decorator';
import { CacheModule } from './cache.module';
import { Cacheable } from './cacheable.decorator';

const calls = { service: 0, route: 0, message: 0 };

@Injectable()
class UserDirectory {
  @Cacheable({ namespace: 'users', key: (id: string) => `svc:${id}` })
  async find(id: string) {
    calls.service++;
    return { id, loadedBy: 'service' };
  }
}

@Controller('users')
class UsersController {
  @Get(':id')
  @Cacheable({ namespace: 'users', key: (id: string) => `http:${id}` })
  async show(@Param('id') id: string) {
    calls.route++;
    return { id, loadedBy: 'route' };
  }

  @Post(':id')
  @CacheEvict({ namespace: 'users', key: (id: string) => `http:${id}` })
  async update(@Param('id') id: string) {
    return { updated: id };
  }

  @MessagePattern('users.get')
  @Cacheable({ namespace: 'users', key: (payload: { id: string }) => `rpc:${payload.id}` })
  async byMessage(@Payload() payload: { id: string }) {
    calls.message++;
    return { id: payload.id, loadedBy: 'message' };
  }
}

@Module({
  imports: [
    CacheModule.forRoot({
      instanceId: 'decorators',
      policies: new StaticPolicySource([{ namespace: 'users', tiers: ['l1'] }]),
    }),
  ],
  controllers: [UsersController],
  providers: [UserDirectory],
})
class DecoratedModule {}

describe('CacheModule with @Cacheable and @CacheEvict', () => {
  let redis: ThrowawayRedis;
  let app: NestFastifyApplication;
  let client: HotpathTransportClient;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    app = await NestFactory.create<NestFastifyApplication>(DecoratedModule, new FastifyAdapter(), {
      logger: false,
    });
    // No API-key guard in this module: the handler sees every message the transport delivers.
    app.connectMicroservice({
      strategy: new HotpathTransportServer({ redisUrl: redis.url, service: 'users', instanceId: 'users-1' }),
    });
    await app.startAllMicroservices();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    client = new HotpathTransportClient({ redisUrl: redis.url, apiKey: 'unchecked-here', service: 'users' });
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await redis?.kill();
  });

  it('caches a plain provider method per key', async () => {
    const directory = app.get(UserDirectory);
    expect(await directory.find('1')).toEqual({ id: '1', loadedBy: 'service' });
    expect(await directory.find('1')).toEqual({ id: '1', loadedBy: 'service' });
    await directory.find('2');
    expect(calls.service).toBe(2);
  });

  it('caches an HTTP handler and evicts on the write route', async () => {
    const get = () => app.inject({ method: 'GET', url: '/users/7' });
    expect((await get()).json()).toEqual({ id: '7', loadedBy: 'route' });
    await get();
    expect(calls.route).toBe(1);
    expect((await app.inject({ method: 'POST', url: '/users/7' })).json()).toEqual({ updated: '7' });
    await get();
    expect(calls.route).toBe(2);
  });

  it('caches a @MessagePattern handler', async () => {
    const ask = () => firstValueFrom(client.send('users.get', { id: '9' }));
    expect(await ask()).toEqual({ id: '9', loadedBy: 'message' });
    expect(await ask()).toEqual({ id: '9', loadedBy: 'message' });
    expect(calls.message).toBe(1);
  });
});
