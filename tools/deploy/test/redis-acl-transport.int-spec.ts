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
 *
 * The transport swallows the refusal of its housekeeping commands (it logs them at debug and
 * retries), so a missing grant would not fail a round trip: the suite also checks what each of
 * them leaves in Redis. Acknowledgement (XACK, XDEL), renewal (XCLAIM … JUSTID), claiming a dead
 * replica's requests (XAUTOCLAIM), reply-stream upkeep (PEXPIRE by the server, XTRIM MINID and DEL
 * by the client) and presence (HSET, HDEL, HGETALL; HDEL and DEL of a long-dead replica).
 * The key names are those of libs/transport/src/lib/protocol/stream-keys.ts.
 */

const reports: string[] = [];
/** Each `test.hold` delivery, by the replica that runs it; `release` answers it. */
const holds: { instance: string; release: () => void }[] = [];

interface HoldReply {
  instance: string;
  redelivered: boolean;
}

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

  /** Answers only when the test says so: a request a replica holds for as long as it likes. */
  @MessagePattern('test.hold')
  hold(@Ctx() context: HotpathTransportContext): Promise<HoldReply> {
    const instance = context.getInstanceId();
    return new Promise((resolve) =>
      holds.push({ instance, release: () => resolve({ instance, redelivered: context.isRedelivery() }) }),
    );
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

/** Short, so that renewal and claiming happen within a test; the apps run with 5 s. */
const VISIBILITY_MS = 1_000;

const streams = {
  requests: (service: string) => `hotpath:rpc:{${service}}:requests`,
  instance: (service: string, id: string) => `hotpath:rpc:{${service}}:instance:${id}`,
  presence: (service: string) => `hotpath:rpc:{${service}}:instances`,
  replies: (clientId: string) => `hotpath:rpc:reply:{${clientId}}`,
};

describe('libs/transport under the apps’ ACL users', () => {
  let redis: AclRedis;
  const closers: (() => Promise<unknown>)[] = [];

  /** A replica of `app` serving its transport streams as `app`'s user. */
  const serve = async (app: string, instanceId: string, drainTimeoutMs?: number) => {
    const server = new HotpathTransportServer({
      redisUrl: redis.url(app),
      service: app,
      instanceId,
      blockMs: 200,
      visibilityTimeoutMs: VISIBILITY_MS,
      drainTimeoutMs,
    });
    const nest = await NestFactory.createMicroservice(HandlersModule, { strategy: server, logger: false });
    closers.push(() => nest.close());
    await nest.listen();
    return { nest, server };
  };

  /** A client of `service` in `app`, with `app`'s user. */
  const client = (app: string, service: string, timeoutMs = 5_000) => {
    const created = new HotpathTransportClient({
      redisUrl: redis.url(app),
      apiKey: `hp_test_${app}`,
      service,
      timeoutMs,
      visibilityTimeoutMs: VISIBILITY_MS,
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
  it('acknowledges and deletes each answered request (XACK, XDEL), so no key stays in Redis', async () => {
    const cache = client('performance-service', 'cache-service');
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => firstValueFrom(cache.send('cache.get', { key: `k${n}` }))),
    );
    const requests = streams.requests('cache-service');
    await eventually(async () => (await redis.admin.xlen(requests)) === 0);
    const [pending] = (await redis.admin.xpending(requests, 'replicas')) as [number];
    expect(pending).toBe(0);
  });

  it('keeps a reply stream short and expiring, and removes it when its client closes', async () => {
    const cache = client('performance-service', 'cache-service');
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => firstValueFrom(cache.send('cache.get', { key: `k${n}` }))),
    );
    const replies = streams.replies(cache.clientId);
    // The server set an expiry (PEXPIRE); the client trimmed what it read (XTRIM MINID keeps the
    // last entry it read, and nothing before it).
    expect(await redis.admin.pttl(replies)).toBeGreaterThan(0);
    await eventually(async () => (await redis.admin.xlen(replies)) <= 1);
    // The replica serving it beats into the presence hash, which the client may read (HGETALL).
    expect((await cache.instances()).map((item) => item.instanceId)).toContain('cache-pod-1');
    await cache.close();
    expect(await redis.admin.exists(replies)).toBe(0);
  });

  it('renews a request a replica works on longer than the visibility timeout (XCLAIM JUSTID), so no other replica takes it', async () => {
    const second = await serve('cache-service', 'cache-pod-2');
    try {
      holds.splice(0);
      const cache = client('performance-service', 'cache-service', 15_000);
      const reply = firstValueFrom(cache.send<HoldReply>('test.hold', {}));
      await eventually(() => holds.length === 1);
      // Three visibility timeouts: without renewals the other replica would claim it after one.
      await new Promise((resolve) => setTimeout(resolve, 3 * VISIBILITY_MS));
      expect(holds).toHaveLength(1);
      holds[0].release();
      await expect(reply).resolves.toEqual({ instance: holds[0].instance, redelivered: false });
    } finally {
      await second.nest.close();
    }
  });

  it('hands the requests of a replica that stopped holding them to another (XAUTOCLAIM), and drops it from presence', async () => {
    holds.splice(0);
    const doomed = await serve('cache-service', 'cache-pod-3', 50);
    const presence = streams.presence('cache-service');
    await eventually(async () => (await redis.admin.hexists(presence, 'cache-pod-3')) === 1);
    const cache = client('performance-service', 'cache-service', 15_000);
    const sent: Promise<{ instance: string; redelivered: boolean }>[] = [];
    // Rounds until the doomed replica holds some: the two replicas compete for each request.
    for (let round = 0; round < 10 && !holds.some((hold) => hold.instance === 'cache-pod-3'); round++) {
      sent.push(...Array.from({ length: 10 }, () => firstValueFrom(cache.send<HoldReply>('test.hold', {}))));
      await eventually(() => holds.length === sent.length);
    }
    const heldByDoomed = holds.filter((hold) => hold.instance === 'cache-pod-3').length;
    expect(heldByDoomed).toBeGreaterThan(0);
    expect(doomed.server.inFlightCount).toBe(heldByDoomed);
    // Closed without answering (its drain gives up after 50 ms), as a replica that stops mid-request.
    await doomed.nest.close();
    expect(await redis.admin.hexists(presence, 'cache-pod-3')).toBe(0);

    holds.splice(0).forEach((hold) => hold.instance !== 'cache-pod-3' && hold.release());
    const release = setInterval(() => holds.splice(0).forEach((hold) => hold.release()), 20);
    try {
      const answers = await Promise.all(sent);
      expect(answers).toHaveLength(sent.length);
      expect(answers.filter((answer) => answer.redelivered)).toEqual(
        Array.from({ length: heldByDoomed }, () => ({ instance: 'cache-pod-1', redelivered: true })),
      );
    } finally {
      clearInterval(release);
    }
  });

  it('forgets a replica that stopped beating long ago: its presence entry and its own stream (HDEL, DEL)', async () => {
    const presence = streams.presence('optimization-worker');
    const gone = streams.instance('optimization-worker', 'worker-pod-gone');
    await redis.admin.hset(presence, 'worker-pod-gone', String(Date.now() - 3_600_000));
    await redis.admin.xadd(gone, '*', 'p', 'perf.cpu-profile');
    await eventually(
      async () =>
        (await redis.admin.hexists(presence, 'worker-pod-gone')) === 0 && !(await redis.admin.exists(gone)),
    );
    expect(await redis.admin.hexists(presence, 'worker-pod-1')).toBe(1);
  });
});
