import { randomUUID } from 'node:crypto';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { startThrowawayRedis, type ThrowawayRedis } from '@hotpath/testing';
import { Redis } from 'ioredis';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { HotpathTransportClient } from './client/hotpath-transport-client';
import { HotpathTransportContext } from './hotpath-transport.context';
import { streamKeys } from './protocol/stream-keys';
import { HotpathTransportServer } from './server/hotpath-transport-server';
import { isTransportError } from './transport.error';

/** What every replica of the test service saw, by instance id. */
const seen = new Map<string, { requests: string[]; events: unknown[] }>();
/** Requests the `test.hold` handler keeps until the test lets them go. */
const held: Array<() => void> = [];

@Controller()
class EchoHandlers {
  @MessagePattern('test.echo')
  echo(@Payload() data: { n: number }, @Ctx() context: HotpathTransportContext) {
    const instance = context.getInstanceId();
    seen.get(instance)?.requests.push(String(data.n));
    return { n: data.n, instance, requestId: context.getRequestId(), key: context.getApiKey() };
  }

  @MessagePattern('test.fail')
  fail(): never {
    throw Object.assign(new Error('bad'), { status: 'error', code: 'NOPE' });
  }

  @MessagePattern('test.hold')
  hold(@Ctx() context: HotpathTransportContext): Promise<{ instance: string; redelivered: boolean }> {
    return new Promise((resolve) =>
      held.push(() => resolve({ instance: context.getInstanceId(), redelivered: context.isRedelivery() })),
    );
  }

  @EventPattern('test.event')
  event(@Payload() data: unknown, @Ctx() context: unknown): void {
    // @EventPattern types its handler's later arguments as unknown.
    seen.get((context as HotpathTransportContext).getInstanceId())?.events.push(data);
  }
}

@Module({ controllers: [EchoHandlers] })
class EchoModule {}

describe('Hotpath transport (real Redis, three replicas)', () => {
  let redis: ThrowawayRedis;
  let admin: Redis;
  const service = `svc-${randomUUID().slice(0, 8)}`;
  const replicas: { id: string; app: INestMicroservice; server: HotpathTransportServer }[] = [];
  const clients: HotpathTransportClient[] = [];

  const startReplica = async (id: string, options: { service?: string; drainTimeoutMs?: number } = {}) => {
    const server = new HotpathTransportServer({
      redisUrl: redis.url,
      service: options.service ?? service,
      instanceId: id,
      visibilityTimeoutMs: 600,
      blockMs: 200,
      drainTimeoutMs: options.drainTimeoutMs,
    });
    const app = await NestFactory.createMicroservice(EchoModule, { strategy: server, logger: false });
    seen.set(id, { requests: [], events: [] });
    await app.listen();
    replicas.push({ id, app, server });
    return { app, server };
  };

  const client = (apiKey = 'key-a', timeoutMs = 5_000) => {
    const created = new HotpathTransportClient({ redisUrl: redis.url, apiKey, service, timeoutMs });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    admin = new Redis(redis.url);
    for (const id of ['r1', 'r2', 'r3']) await startReplica(id);
  });

  afterAll(async () => {
    for (const created of clients) await created.close();
    for (const replica of replicas) await replica.app.close();
    admin?.disconnect();
    await redis?.kill();
  });

  beforeEach(() => {
    for (const record of seen.values()) {
      record.requests.length = 0;
      record.events.length = 0;
    }
  });

  it('runs each of 1,000 requests on exactly one replica and answers each caller once', async () => {
    const caller = client();
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        firstValueFrom(caller.send<{ n: number; instance: string }>('test.echo', { n })),
      ),
    );

    expect(replies.map((reply) => reply.n)).toEqual(Array.from({ length: 1000 }, (_, n) => n));
    const runs = [...seen.values()].flatMap((record) => record.requests);
    expect(runs).toHaveLength(1000);
    expect(new Set(runs).size).toBe(1000);
    // Competing consumers: the work is spread, not copied.
    expect(new Set(replies.map((reply) => reply.instance)).size).toBeGreaterThan(1);
  });

  it('gives the handler the caller key and a request id, and deletes the request once answered', async () => {
    const reply = await firstValueFrom(
      client('secret-b').send<{ key: string; requestId: string }>('test.echo', { n: 1 }),
    );
    expect(reply.key).toBe('secret-b');
    expect(reply.requestId).toEqual(expect.any(String));
    // XDEL follows the reply: the key does not stay in Redis.
    await waitUntil(async () => {
      const left = await admin.xrange(streamKeys.requests(service), '-', '+');
      return !left.flatMap(([, fields]) => fields).includes('secret-b');
    });
  });

  it('delivers a reply only to the client that asked', async () => {
    const a = client('key-a');
    const b = client('key-b');
    await b.connect();
    const bReplies = (b as unknown as { waiting: Map<string, unknown> }).waiting;
    const [fromA] = await Promise.all([firstValueFrom(a.send<{ key: string }>('test.echo', { n: 7 }))]);
    expect(fromA.key).toBe('key-a');
    // B's own reply stream never saw A's reply.
    expect(await admin.xlen(streamKeys.replies(b.clientId))).toBe(0);
    expect(bReplies.size).toBe(0);
  });

  it('answers a handler error as an error reply, and an unknown pattern as NO_HANDLER', async () => {
    const caller = client();
    await expect(firstValueFrom(caller.send('test.fail', {}))).rejects.toMatchObject({ status: 'error' });
    await expect(firstValueFrom(caller.send('test.missing', {}))).rejects.toMatchObject({
      status: 'error',
      code: 'NO_HANDLER',
    });
  });

  it('consumes an event once across the fleet', async () => {
    const caller = client();
    await lastValueFrom(caller.emit('test.event', { e: 1 }), { defaultValue: undefined });
    await waitFor(() => [...seen.values()].some((record) => record.events.length > 0));
    // One more round trip: any second delivery would have arrived by now.
    await firstValueFrom(caller.send('test.echo', { n: 0 }));
    expect([...seen.values()].flatMap((record) => record.events)).toEqual([{ e: 1 }]);
  });

  it('addresses a request to one instance with sendTo', async () => {
    const caller = client();
    const instances = await caller.instances();
    expect(instances.map((instance) => instance.instanceId)).toEqual(['r1', 'r2', 'r3']);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        firstValueFrom(caller.sendTo<{ instance: string }>('r2', 'test.echo', { n })),
      ),
    );
    expect(new Set(replies.map((reply) => reply.instance))).toEqual(new Set(['r2']));
  });

  it('times out a request nobody answers, and a replica that comes later does not run it', async () => {
    const caller = client('key-a', 300);
    const error = await firstValueFrom(caller.sendTo('late', 'test.echo', { n: 1 })).catch(
      (failure: unknown) => failure,
    );
    expect(isTransportError(error, 'TRANSPORT_TIMEOUT')).toBe(true);

    await startReplica('late');
    // Read after the expired request on the same stream, so by then that one was dropped.
    expect(await firstValueFrom(client().sendTo<{ n: number }>('late', 'test.echo', { n: 2 }))).toMatchObject(
      {
        n: 2,
      },
    );
    expect(seen.get('late')?.requests).toEqual(['2']);
  });

  it('hands the requests a replica gave up on to another replica after the visibility timeout', async () => {
    const alone = `svc-${randomUUID().slice(0, 8)}`;
    const doomed = await startReplica('doomed', { service: alone, drainTimeoutMs: 50 });
    const caller = new HotpathTransportClient({
      redisUrl: redis.url,
      apiKey: 'k',
      service: alone,
      timeoutMs: 10_000,
    });
    clients.push(caller);
    const pending = Array.from({ length: 30 }, () =>
      firstValueFrom(caller.send<{ instance: string; redelivered: boolean }>('test.hold', {})),
    );
    await waitFor(() => doomed.server.inFlightCount === 30);
    // Closed with its 30 requests unfinished (as a replica that dies or stops mid-request).
    await doomed.app.close();
    held.splice(0);
    await startReplica('heir', { service: alone });
    const release = setInterval(() => held.splice(0).forEach((resolve) => resolve()), 10);
    try {
      const replies = await Promise.all(pending);
      expect(replies).toEqual(Array.from({ length: 30 }, () => ({ instance: 'heir', redelivered: true })));
    } finally {
      clearInterval(release);
    }
  });
});

async function waitUntil(condition: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
