import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { CACHE_REDIS, DATABASE_DATA_SOURCE, QUEUE_REDIS } from '@hotpath/platform';
import { startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { type CacheServiceInstance, startCacheService } from './cache-service-instance';

describe('cache-service graceful shutdown (e2e, real Redis and PostgreSQL)', () => {
  const { keys, env: apiKeys } = testApiKeys({ writer: ['cache:read', 'cache:write'] });
  let redis: ThrowawayRedis;
  let service: CacheServiceInstance;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    service = await startCacheService({ REDIS_URL: redis.url, HOTPATH_API_KEYS: apiKeys, INSTANCE_ID: 'shutdown-e2e' });
  });

  afterAll(async () => {
    await service?.close();
    await redis?.kill();
  });

  it('finishes a request in flight, refuses new connections, then closes Redis and PostgreSQL', async () => {
    const url = new URL(`${service.baseUrl}/api/v2/cache/entries/in-flight?namespace=shutdown`);
    const body = Buffer.from(JSON.stringify({ namespace: 'shutdown', value: { written: 'during shutdown' } }));
    const half = Math.floor(body.length / 2);
    const cacheRedis = service.app.get<Redis>(CACHE_REDIS);
    const queueRedis = service.app.get<Redis>(QUEUE_REDIS);
    const dataSource = service.app.get<DataSource>(DATABASE_DATA_SOURCE);

    // A PUT whose headers and first half have arrived: the server is handling it.
    const arrived = once(service.app.getHttpServer(), 'request');
    const put = httpRequest(url, {
      method: 'PUT',
      agent: false,
      headers: {
        authorization: `Bearer ${keys.writer.raw}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
    });
    const answered = once(put, 'response') as Promise<[IncomingMessage]>;
    put.write(body.subarray(0, half));
    await arrived;

    const closing = service.close();
    // Listening stops at once: a new connection is refused while the PUT is still open.
    await expect(fetch(`${service.baseUrl}/health/live`)).rejects.toThrow();

    put.end(body.subarray(half));
    const [response] = await answered;
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ version: expect.any(Number) });

    await closing;
    // QUIT is answered before the socket closes: each connection then ends on its own.
    await Promise.all([cacheRedis, queueRedis].map((client) => client.status === 'end' || once(client, 'end')));
    expect(dataSource.isInitialized).toBe(false);
    // The acknowledged write is in Redis for the next instance to read.
    const survivor = await startCacheService({ REDIS_URL: redis.url, HOTPATH_API_KEYS: apiKeys, INSTANCE_ID: 'shutdown-e2e-2' });
    try {
      const read = await survivor.http.get('/api/v2/cache/entries/in-flight?namespace=shutdown', keys.writer.raw);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ value: { written: 'during shutdown' }, tier: 'l2' });
    } finally {
      await survivor.close();
    }
  });
});
