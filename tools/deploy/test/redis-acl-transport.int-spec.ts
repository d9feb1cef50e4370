import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  HotpathTransportClient,
  type HotpathTransportContext,
  HotpathTransportServer,
  isTransportError,
} from '@hotpath/transport';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { APPS } from '../src/app-contract';
import { type AclRedis, startAclRedis } from './support/acl-redis';

/**
 * libs/transport between the apps, each side under its own app's ACL user on the queue Redis
 * (the dev overlay's ACL in a real redis-server): requests, replies, events and instance-addressed
 * requests pass; a request to a service the app does not call is refused by Redis.
 */

const reports: string[] = [];

@Controller()
class Handlers {
  @MessagePattern('cache.get')
  get(@Payload() data: { key: string }, @Ctx() context: HotpathTransportContext) {
    return { key: data.key, instance: context.getInstanceId() };
  }

  @MessagePattern('perf.cpu-profile')
  profile(@Ctx() context: HotpathTransportContext) {
    return { instance: context.getInstanceId() };
  }

  @EventPattern('perf.report')
  report(@Payload() data: { from: string }): void {
    reports.push(data.from);
  }
}

@Module({ controllers: [Handlers] })
class HandlersModule {}

async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('libs/transport under the apps’ ACL users', () => {
  let redis: AclRedis;
  const closers: (() => Promise<unknown>)[] = [];

  /** A replica of `app` serving its transport streams as `app`'s user. */
  const serve = async (app: string, instanceId: string) => {
    const server = new HotpathTransportServer({
      redisUrl: redis.url(app),
      service: app,
      instanceId,
      blockMs: 200,
      visibilityTimeoutMs: 1_000,
    });
    const nest = await NestFactory.createMicroservice(HandlersModule, { strategy: server, logger: false });
    closers.push(() => nest.close());
    await nest.listen();
  };

  /** A client of `service` in `app`, with `app`'s user. */
  const client = (app: string, service: string) => {
    const created = new HotpathTransportClient({
      redisUrl: redis.url(app),
      apiKey: `hp_test_${app}`,
      service,
      timeoutMs: 5_000,
      visibilityTimeoutMs: 1_000,
    });
    closers.unshift(() => created.close());
    return created;
  };

  beforeAll(async () => {
    redis = await startAclRedis('queue');
    await serve('cache-service', 'cache-pod-1');
    await serve('performance-service', 'perf-pod-1');
    await serve('optimization-worker', 'worker-pod-1');
  });
  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()));
    await redis?.stop();
  });

  it('answers the performance-service’s cache requests from a cache-service replica', async () => {
    const cache = client('performance-service', 'cache-service');
    await expect(firstValueFrom(cache.send('cache.get', { key: 'k1' }))).resolves.toEqual({
      key: 'k1',
      instance: 'cache-pod-1',
    });
  });

  it('delivers every app’s perf.report to the performance-service', async () => {
    for (const app of APPS)
      await lastValueFrom(client(app, 'performance-service').emit('perf.report', { from: app }), {
        defaultValue: undefined,
      });
    await eventually(() => APPS.every((app) => reports.includes(app)));
    expect([...reports].sort()).toEqual([...APPS].sort());
  });

  it('lets the performance-service find a worker replica and profile that one', async () => {
    const worker = client('performance-service', 'optimization-worker');
    await eventually(async () =>
      (await worker.instances()).some((item) => item.instanceId === 'worker-pod-1'),
    );
    await expect(
      firstValueFrom(worker.sendTo('worker-pod-1', 'perf.cpu-profile', { seconds: 1 })),
    ).resolves.toEqual({
      instance: 'worker-pod-1',
    });
  });

  it('refuses a request from an app that is not the service’s client: Redis answers NOPERM', async () => {
    const cache = client('optimization-worker', 'cache-service');
    const outcome = await firstValueFrom(cache.send('cache.get', { key: 'k1' })).catch(
      (error: unknown) => error,
    );
    expect(isTransportError(outcome) && outcome.code).toBe('TRANSPORT_UNAVAILABLE');
    expect(String((outcome as Error).cause)).toMatch(/NOPERM/);
  });
});
