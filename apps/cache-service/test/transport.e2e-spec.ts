import { randomUUID } from 'node:crypto';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CachePatterns,
  type CacheEntryResponse,
  CacheWarmJobs,
  MAX_VALUE_BYTES,
  Queues,
  type RpcErrorReply,
} from '@hotpath/contracts';
import { createHttpApp, redisConnectionOptions } from '@hotpath/platform';
import { startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import { HotpathTransportClient } from '@hotpath/transport';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { AppModule } from '../src/app.module';
import { loadCacheServiceConfig } from '../src/config';
import { cacheServiceHttpOptions } from '../src/http-options';
import { CompressionSavings } from '../src/admin/compression-savings';

describe('cache-service over the Hotpath transport (e2e, real Redis and PostgreSQL)', () => {
  const { env: apiKeys, keys } = testApiKeys({
    writer: ['cache:read', 'cache:write'],
    reader: ['cache:read'],
    authOnly: { scopes: ['cache:read', 'cache:write'], namespaces: ['auth', 'authz-*'] },
  });
  let redis: ThrowawayRedis;
  let app: NestFastifyApplication;
  let client: HotpathTransportClient;
  const clients: HotpathTransportClient[] = [];

  const clientWith = (apiKey: string): HotpathTransportClient => {
    const created = new HotpathTransportClient({ redisUrl: redis.url, apiKey, service: 'cache-service' });
    clients.push(created);
    return created;
  };

  /** One request/response round trip over Redis. */
  const send = <T>(pattern: string, payload: unknown, through = client): Promise<T> =>
    firstValueFrom(through.send<T>(pattern, payload));

  /** The error reply a handler answers a bad payload with (what the observable errors with). */
  const errorOf = async (pattern: string, payload: unknown, through = client): Promise<RpcErrorReply> => {
    const outcome = await send(pattern, payload, through).then(
      (reply) => ({ ok: true as const, reply }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (outcome.ok)
      throw new Error(`${pattern} answered ${JSON.stringify(outcome.reply)} instead of an error`);
    return outcome.error as RpcErrorReply;
  };

  /** A fresh namespace per test, so counts and invalidations see only that test's entries. */
  const freshNamespace = (): string => `t-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    const config = loadCacheServiceConfig({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      INSTANCE_ID: 'cache-transport-e2e',
      LOG_LEVEL: 'warn',
    });
    const compression = new CompressionSavings();
    app = await createHttpApp(
      AppModule.forRoot(config, undefined, compression),
      config,
      cacheServiceHttpOptions(compression),
    );
    await app.startAllMicroservices();
    await app.init();
    client = clientWith(keys.writer.raw);
  });

  afterAll(async () => {
    for (const created of clients) await created.close();
    await app?.close();
    await redis?.kill();
  });

  describe('patterns', () => {
    it('cache.set answers the version, cache.get the entry, a miss null', async () => {
      const namespace = freshNamespace();
      const first = await send<{ version: number }>(CachePatterns.Set, {
        namespace,
        key: 'a',
        value: { n: 1 },
      });
      const second = await send<{ version: number }>(CachePatterns.Set, {
        namespace,
        key: 'a',
        value: { n: 2 },
      });
      expect(first).toEqual({ version: expect.any(Number) });
      expect(second.version).toBeGreaterThan(first.version);

      const entry = await send<CacheEntryResponse>(CachePatterns.Get, { namespace, key: 'a' });
      expect(entry).toMatchObject({
        key: 'a',
        namespace,
        value: { n: 2 },
        version: second.version,
        stale: false,
      });
      expect(['l1', 'l2']).toContain(entry.tier);
      expect(entry.ttlRemainingMs).toBeGreaterThan(0);

      expect(await send(CachePatterns.Get, { namespace, key: 'missing' })).toBeNull();
    });

    it('uses the default namespace when none is given', async () => {
      const key = `k-${randomUUID()}`;
      await send(CachePatterns.Set, { key, value: 'v' });
      expect(await send(CachePatterns.Get, { key })).toMatchObject({ key, namespace: 'default', value: 'v' });
      expect(await send(CachePatterns.Delete, { key })).toEqual({ deleted: true });
    });

    it('keeps a ttlSeconds and tags', async () => {
      const namespace = freshNamespace();
      await send(CachePatterns.Set, { namespace, key: 'short', value: 1, ttlSeconds: 5, tags: ['t'] });
      const entry = await send<CacheEntryResponse>(CachePatterns.Get, { namespace, key: 'short' });
      // 5 s, give or take the policy's TTL jitter (at most ±50 %), not the namespace's default 300 s.
      expect(entry.ttlRemainingMs).toBeGreaterThan(0);
      expect(entry.ttlRemainingMs).toBeLessThanOrEqual(7500);
      await send(CachePatterns.Invalidate, { namespace, tags: ['t'] });
      expect(await send(CachePatterns.Get, { namespace, key: 'short' })).toBeNull();
    });

    it('cache.delete answers { deleted } and the entry is gone', async () => {
      const namespace = freshNamespace();
      await send(CachePatterns.Set, { namespace, key: 'a', value: 1 });
      expect(await send(CachePatterns.Delete, { namespace, key: 'a' })).toEqual({ deleted: true });
      expect(await send(CachePatterns.Get, { namespace, key: 'a' })).toBeNull();
      expect(await send(CachePatterns.Delete, { namespace, key: 'a' })).toEqual({ deleted: false });
    });

    it('cache.batch-get answers hits and misses, folding duplicate keys', async () => {
      const namespace = freshNamespace();
      await send(CachePatterns.Set, { namespace, key: 'a', value: 'A' });
      await send(CachePatterns.Set, { namespace, key: 'b', value: 'B' });
      const reply = await send<{ hits: Record<string, CacheEntryResponse>; misses: string[] }>(
        CachePatterns.BatchGet,
        { namespace, keys: ['a', 'b', 'a', 'x', 'x', 'y'] },
      );
      expect(Object.keys(reply.hits).sort()).toEqual(['a', 'b']);
      expect(reply.hits.a).toMatchObject({ key: 'a', namespace, value: 'A' });
      expect(reply.hits.b).toMatchObject({ key: 'b', namespace, value: 'B' });
      expect(reply.misses).toEqual(['x', 'y']);
    });

    describe('cache.invalidate', () => {
      let namespace: string;
      const keysLeft = async (keys: string[]): Promise<string[]> => {
        const { hits } = await send<{ hits: Record<string, unknown> }>(CachePatterns.BatchGet, {
          namespace,
          keys,
        });
        return Object.keys(hits).sort();
      };

      beforeEach(async () => {
        namespace = freshNamespace();
        await send(CachePatterns.Set, { namespace, key: 'user:1', value: 1, tags: ['users'] });
        await send(CachePatterns.Set, { namespace, key: 'user:2', value: 2, tags: ['users'] });
        await send(CachePatterns.Set, { namespace, key: 'order:1', value: 3, tags: ['orders'] });
        await send(CachePatterns.Set, { namespace, key: 'order:2', value: 4 });
      });

      const ALL = ['order:1', 'order:2', 'user:1', 'user:2'];

      it('removes listed keys (and counts only those that were there)', async () => {
        expect(
          await send(CachePatterns.Invalidate, { namespace, keys: ['user:1', 'order:2', 'nope'] }),
        ).toEqual({
          removed: 2,
        });
        expect(await keysLeft(ALL)).toEqual(['order:1', 'user:2']);
      });

      it('removes the keys matching a glob', async () => {
        expect(await send(CachePatterns.Invalidate, { namespace, pattern: 'user:*' })).toEqual({
          removed: 2,
        });
        expect(await keysLeft(ALL)).toEqual(['order:1', 'order:2']);
      });

      it('removes the keys carrying a tag', async () => {
        expect(await send(CachePatterns.Invalidate, { namespace, tags: ['orders'] })).toEqual({ removed: 1 });
        expect(await keysLeft(ALL)).toEqual(['order:2', 'user:1', 'user:2']);
      });

      it('removes the whole namespace when only the namespace is given, and nothing else', async () => {
        const other = freshNamespace();
        await send(CachePatterns.Set, { namespace: other, key: 'user:1', value: 'kept' });
        const { removed } = await send<{ removed: number }>(CachePatterns.Invalidate, { namespace });
        expect(removed).toBeGreaterThanOrEqual(ALL.length);
        expect(await keysLeft(ALL)).toEqual([]);
        expect(await send(CachePatterns.Get, { namespace: other, key: 'user:1' })).toMatchObject({
          value: 'kept',
        });
      });

      it('counts the entries of an untagged namespace it removes', async () => {
        const untagged = freshNamespace();
        for (const key of ['a', 'b', 'c'])
          await send(CachePatterns.Set, { namespace: untagged, key, value: key });
        expect(await send(CachePatterns.Invalidate, { namespace: untagged })).toEqual({ removed: 3 });
      });

      // The namespace's tag-index sets go too, but only entries are counted.
      it('counts only entries, not tag indexes, when it removes a whole namespace', async () => {
        expect(await send(CachePatterns.Invalidate, { namespace })).toEqual({ removed: ALL.length });
      });
    });

    it('cache.stats answers the instance id and the statistics of the calls made', async () => {
      const namespace = freshNamespace();
      await send(CachePatterns.Set, { namespace, key: 'a', value: 1 });
      await send(CachePatterns.Set, { namespace, key: 'b', value: 2 });
      await send(CachePatterns.Get, { namespace, key: 'a' });
      await send(CachePatterns.Get, { namespace, key: 'missing' });

      const stats = await send<StatsReply>(CachePatterns.Stats, {});
      expect(stats).toMatchObject({ service: 'cache-service', instanceId: 'cache-transport-e2e' });
      const ns = stats.statistics.namespaces[namespace];
      expect(ns).toBeDefined();
      expect(ns.l1.hits + ns.l2.hits).toBe(1);
      expect(ns.l2.misses).toBe(1);
      expect(ns.l2.sets).toBe(2);
      expect(stats.statistics.tiers.l2.sets).toBeGreaterThanOrEqual(2);
    });

    it('cache.warm queues a job in hotpath.cache-warm', async () => {
      const namespace = freshNamespace();
      const queue = new Queue(Queues.CacheWarm, { connection: { ...redisConnectionOptions(redis.url) } });
      try {
        const reply = await send<{ jobId: string; keys: number }>(CachePatterns.Warm, {
          namespace,
          keys: ['a', 'b', 'c'],
        });
        expect(reply).toEqual({ jobId: expect.any(String), keys: 3 });
        const job = await queue.getJob(reply.jobId);
        expect(job?.name).toBe(CacheWarmJobs.Warm);
        expect(job?.data).toMatchObject({ namespace, keys: ['a', 'b', 'c'] });
        expect(job?.opts.attempts).toBeGreaterThan(1);
      } finally {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    });
    it('cache.warm without keys on an instance with no hot keys leaves the choice of keys to the worker', async () => {
      const queue = new Queue(Queues.CacheWarm, { connection: { ...redisConnectionOptions(redis.url) } });
      try {
        const reply = await send<{ jobId: string; keys: number }>(CachePatterns.Warm, {
          namespace: freshNamespace(),
        });
        expect(reply.keys).toBe(0);
        const job = await queue.getJob(reply.jobId);
        expect(job?.data).not.toHaveProperty('keys');
      } finally {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    });
  });

  describe('error replies', () => {
    const longKey = 'k'.repeat(513);
    const bigValue = 'x'.repeat(MAX_VALUE_BYTES + 1);
    const tooManyKeys = Array.from({ length: 1001 }, (_, i) => `k${i}`);

    it.each<[string, string, unknown, string, string | undefined]>([
      ['a missing key', CachePatterns.Get, { namespace: 'ns' }, 'VALIDATION_FAILED', 'key'],
      ['a missing value', CachePatterns.Set, { key: 'a' }, 'VALIDATION_FAILED', 'value'],
      ['a 513-byte key', CachePatterns.Set, { key: longKey, value: 1 }, 'VALIDATION_FAILED', 'key'],
      ['a 513-byte key', CachePatterns.Delete, { key: longKey }, 'VALIDATION_FAILED', 'key'],
      [
        'a bad namespace',
        CachePatterns.Get,
        { namespace: 'Bad NS', key: 'a' },
        'VALIDATION_FAILED',
        'namespace',
      ],
      ['a bad namespace', CachePatterns.Invalidate, { namespace: '-x' }, 'VALIDATION_FAILED', 'namespace'],
      [
        'a value over 1 MiB',
        CachePatterns.Set,
        { key: 'big', value: bigValue },
        'VALUE_TOO_LARGE',
        undefined,
      ],
      ['1001 keys', CachePatterns.BatchGet, { keys: tooManyKeys }, 'VALIDATION_FAILED', 'keys'],
      [
        '1001 keys',
        CachePatterns.Invalidate,
        { namespace: 'ns', keys: tooManyKeys },
        'VALIDATION_FAILED',
        'keys',
      ],
      ['an unknown field', CachePatterns.Set, { key: 'a', value: 1, colour: 'red' }, 'VALIDATION_FAILED', ''],
      [
        'an unknown field',
        CachePatterns.Invalidate,
        { namespace: 'ns', everything: true },
        'VALIDATION_FAILED',
        '',
      ],
      ['not an object', CachePatterns.Get, 'a', 'VALIDATION_FAILED', ''],
      ['not an object', CachePatterns.BatchGet, [1, 2], 'VALIDATION_FAILED', ''],
      [
        'keys without a namespace',
        CachePatterns.Invalidate,
        { keys: ['a'] },
        'VALIDATION_FAILED',
        'namespace',
      ],
      ['no namespace', CachePatterns.Warm, { keys: ['a'] }, 'VALIDATION_FAILED', 'namespace'],
    ])(
      'answers %s to %s with an error reply, and keeps answering',
      async (_case, pattern, payload, code, field) => {
        const error = await errorOf(pattern, payload);
        expect(error).toMatchObject({ status: 'error', code, message: expect.any(String) });
        if (field === undefined) expect(error.errors).toBeUndefined();
        else expect(error.errors).toContainEqual({ field, message: expect.any(String) });

        const key = `after-${randomUUID()}`;
        const { version } = await send<{ version: number }>(CachePatterns.Set, { key, value: 'ok' });
        expect(await send(CachePatterns.Get, { key })).toMatchObject({ key, value: 'ok', version });
      },
    );

    it('answers a request whose payload is not JSON, and keeps answering', async () => {
      const raw = new Redis(redis.url);
      const replyTo = `hotpath:rpc:reply:{raw-${randomUUID()}}`;
      try {
        await raw.xadd(
          'hotpath:rpc:{cache-service}:requests',
          '*',
          ...['p', CachePatterns.Get, 'd', 'not json {', 'i', 'raw-1', 'k', keys.writer.raw, 'r', replyTo],
        );
        const replies = await raw.xread('BLOCK', 5_000, 'STREAMS', replyTo, '0-0');
        const fields = replies?.[0]?.[1]?.[0]?.[1] ?? [];
        expect(JSON.parse(fields[fields.indexOf('o') + 1])).toMatchObject({
          err: { status: 'error', code: 'VALIDATION_FAILED' },
        });
      } finally {
        raw.disconnect();
      }
      const key = `after-${randomUUID()}`;
      await send(CachePatterns.Set, { key, value: 'ok' });
      expect(await send(CachePatterns.Get, { key })).toMatchObject({ key, value: 'ok' });
    });

    it('did not store the value it refused', async () => {
      expect(await send(CachePatterns.Get, { key: 'big' })).toBeNull();
    });
  });

  describe('callers', () => {
    it.each<[string, string, () => string, unknown, string]>([
      [
        'an unknown key',
        CachePatterns.Set,
        () => 'not-a-key-of-this-fleet',
        { key: 'x', value: 1 },
        'UNAUTHENTICATED',
      ],
      [
        'a key without cache:write',
        CachePatterns.Set,
        () => keys.reader.raw,
        { key: 'x', value: 1 },
        'FORBIDDEN',
      ],
      [
        'a key without cache:write',
        CachePatterns.Invalidate,
        () => keys.reader.raw,
        { namespace: 'default' },
        'FORBIDDEN',
      ],
      [
        'a key outside its namespace grant',
        CachePatterns.Set,
        () => keys.authOnly.raw,
        { namespace: 'billing', key: 'x', value: 1 },
        'FORBIDDEN',
      ],
      [
        'a key outside its namespace grant',
        CachePatterns.Get,
        () => keys.authOnly.raw,
        { key: 'x' },
        'FORBIDDEN',
      ],
    ])('refuses %s on %s and changes nothing', async (_case, pattern, key, payload, code) => {
      const namespace = (payload as { namespace?: string }).namespace ?? 'default';
      await send(CachePatterns.Set, { namespace, key: 'x', value: 'before' });
      const error = await errorOf(pattern, payload, clientWith(key()));
      expect(error).toMatchObject({ status: 'error', code });
      expect(await send(CachePatterns.Get, { namespace, key: 'x' })).toMatchObject({ value: 'before' });
    });

    it('lets a key use the namespaces its grant names', async () => {
      const scoped = clientWith(keys.authOnly.raw);
      await send(CachePatterns.Set, { namespace: 'authz-roles', key: 'r', value: 1 }, scoped);
      expect(await send(CachePatterns.Get, { namespace: 'authz-roles', key: 'r' }, scoped)).toMatchObject({
        value: 1,
      });
    });

    it('gives a stock Nest Redis client nothing: no reply, and no write', async () => {
      const stock = ClientProxyFactory.create({
        transport: Transport.REDIS,
        options: redisConnectionOptions(redis.url),
      });
      const key = `stock-${randomUUID()}`;
      try {
        await stock.connect();
        const outcome = await Promise.race([
          firstValueFrom(stock.send(CachePatterns.Set, { key, value: 'forged' })).then(() => 'answered'),
          // Long enough for a reply from a subscriber on the same machine (the old transport took ~1 ms).
          new Promise((resolve) => setTimeout(() => resolve('unanswered'), 500)),
        ]);
        expect(outcome).toBe('unanswered');
      } finally {
        await stock.close();
      }
      expect(await send(CachePatterns.Get, { key })).toBeNull();
    });
  });
});

interface StatsReply {
  service: string;
  instanceId: string;
  statistics: {
    tiers: Record<'l1' | 'l2', { hits: number; misses: number; sets: number }>;
    namespaces: Record<string, Record<'l1' | 'l2', { hits: number; misses: number; sets: number }>>;
  };
}
