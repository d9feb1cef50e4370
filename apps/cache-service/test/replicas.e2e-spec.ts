import { randomUUID } from 'node:crypto';
import { CachePatterns, Queues, type CacheEntryResponse } from '@hotpath/contracts';
import { redisConnectionOptions } from '@hotpath/platform';
import {
  freePort,
  type ServiceProcess,
  startServiceProcess,
  startThrowawayRedis,
  testApiKeys,
  type ThrowawayRedis,
} from '@hotpath/testing';
import { HotpathTransportClient } from '@hotpath/transport';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { firstValueFrom } from 'rxjs';

const REQUESTS = 'hotpath:rpc:{cache-service}:requests';

interface StatsReply {
  instanceId: string;
  statistics: { namespaces: Record<string, { l2: { sets: number } }> };
}

/**
 * Three cache-service replicas, each a process of its own, on one Redis: what the transport
 * promises a fleet (one replica per request, redelivery after a crash) seen from a client.
 */
describe('cache-service replicas over the Hotpath transport (e2e, real processes)', () => {
  const { env: apiKeys, keys } = testApiKeys({ service: ['cache:read', 'cache:write'] });
  let redis: ThrowawayRedis;
  let admin: Redis;
  const replicas = new Map<string, ServiceProcess>();
  let client: HotpathTransportClient;

  const startReplica = async (instanceId: string): Promise<void> => {
    replicas.set(
      instanceId,
      await startServiceProcess('cache-service', {
        REDIS_URL: redis.url,
        HOTPATH_API_KEYS: apiKeys,
        INSTANCE_ID: instanceId,
        CACHE_SERVICE_PORT: String(await freePort()),
        HOST: '127.0.0.1',
        // startServiceProcess waits for the 'listening on http' line, logged at info.
        LOG_LEVEL: 'info',
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      }),
    );
  };

  /** Sets counted by each live replica in `namespace`, asked of each replica by its instance id. */
  const setsBy = async (namespace: string): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const { instanceId } of await client.instances()) {
      const stats = await firstValueFrom(client.sendTo<StatsReply>(instanceId, CachePatterns.Stats, {}));
      counts[instanceId] = stats.statistics.namespaces[namespace]?.l2.sets ?? 0;
    }
    return counts;
  };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    admin = new Redis(redis.url);
    await Promise.all(['replica-a', 'replica-b', 'replica-c'].map(startReplica));
    client = new HotpathTransportClient({
      redisUrl: redis.url,
      apiKey: keys.service.raw,
      service: 'cache-service',
      // Longer than the visibility timeout plus a claim tick: a crashed replica's requests are
      // answered by another within it.
      timeoutMs: 20_000,
    });
    await client.connect();
    // Each replica announces itself with its first heartbeat, once its connection is up.
    const deadline = Date.now() + 10_000;
    while ((await client.instances()).length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await Promise.all([...replicas.values()].map((replica) => replica.stop()));
    admin?.disconnect();
    await redis?.kill();
  }, 60_000);

  it('executes 1,000 cache.set exactly 1,000 times across three replicas', async () => {
    const namespace = `replicas-${randomUUID().slice(0, 8)}`;
    // Waves of 50 in flight: every replica stays busy, and a loaded 2-core machine does not make
    // L2 writes late (the L2 tier gives Redis 100 ms before its breaker counts a failure).
    for (let wave = 0; wave < 20; wave++) {
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          firstValueFrom(
            client.send<{ version: number }>(CachePatterns.Set, {
              namespace,
              key: `k${wave}-${n}`,
              value: n,
            }),
          ),
        ),
      );
      expect(replies.every((reply) => typeof reply.version === 'number')).toBe(true);
    }

    const counts = await setsBy(namespace);
    expect(Object.keys(counts).sort()).toEqual(['replica-a', 'replica-b', 'replica-c']);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(1000);
    // Spread over the replicas, not run by one of them (nor by all).
    expect(Object.values(counts).filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  it('queues one job for one cache.warm, however many replicas run', async () => {
    const queue = new Queue(Queues.CacheWarm, { connection: { ...redisConnectionOptions(redis.url) } });
    try {
      await queue.obliterate({ force: true });
      const reply = await firstValueFrom(
        client.send<{ jobId: string }>(CachePatterns.Warm, { namespace: 'warm-once', keys: ['a', 'b'] }),
      );
      const jobs = await queue.getJobs([
        'waiting',
        'delayed',
        'prioritized',
        'active',
        'completed',
        'failed',
      ]);
      expect(jobs.map((job) => job.id)).toEqual([reply.jobId]);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('answers every request a replica held when it was SIGKILLed, once, from another replica', async () => {
    const namespace = `crash-${randomUUID().slice(0, 8)}`;
    const victim = 'replica-c';
    let heldByVictim = 0;
    const sent: Promise<{ version: number }>[] = [];
    // Batches until the victim is caught holding requests (it reads up to 256 at a time).
    for (let round = 0; round < 20 && heldByVictim === 0; round++) {
      const batch = Array.from({ length: 100 }, (_, n) =>
        firstValueFrom(
          client.send<{ version: number }>(CachePatterns.Set, {
            namespace,
            key: `r${round}-${n}`,
            value: { round, n },
          }),
        ),
      );
      sent.push(...batch);
      if (round === 0 || heldByVictim === 0) {
        // Kill while the batch is in flight.
        await new Promise((resolve) => setImmediate(resolve));
        const pending = (await admin.xpending(REQUESTS, 'replicas', '-', '+', 10_000, victim)) as unknown[];
        if (pending.length > 0) {
          await replicas.get(victim)?.kill();
          replicas.delete(victim);
          heldByVictim = ((await admin.xpending(REQUESTS, 'replicas', '-', '+', 10_000, victim)) as unknown[])
            .length;
        }
      }
    }
    expect(heldByVictim).toBeGreaterThan(0);

    const replies = await Promise.all(sent);
    expect(replies.every((reply) => typeof reply.version === 'number')).toBe(true);
    // Nothing is left pending: the dead replica's requests were claimed, answered and acknowledged
    // (each acknowledgement follows its reply by a moment).
    const pendingCount = async () => ((await admin.xpending(REQUESTS, 'replicas')) as [number])[0];
    const deadline = Date.now() + 5_000;
    while ((await pendingCount()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await pendingCount()).toBe(0);
    // Every write landed with its own value.
    const probe = await firstValueFrom(
      client.send<CacheEntryResponse>(CachePatterns.Get, { namespace, key: 'r0-99' }),
    );
    expect(probe.value).toEqual({ round: 0, n: 99 });
  }, 90_000);
});
