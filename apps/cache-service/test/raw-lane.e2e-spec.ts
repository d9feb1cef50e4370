import { randomUUID } from 'node:crypto';
import { type RawExchange, rawLaneOf } from '@hotpath/platform';
import { startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import { type CacheServiceInstance, startCacheService } from './cache-service-instance';

/**
 * `GET /entries/:key` with a plain URL is offered to the raw lane before Fastify (see RawLane):
 * whichever answers, a client must not be able to tell, and nothing the route promises may be
 * skipped. An encoded key (`user%3A1`) is always read by Fastify, so the two paths can be compared.
 * The lane answers only requests admitted at once, which a rate-limit lease allows once the key's
 * traffic has sized one (see LeasedRateLimiter), so `fromLane` asks until the lane answers.
 */
describe('GET /entries/:key through the raw lane (e2e, real Redis and PostgreSQL)', () => {
  const { keys, env: apiKeys } = testApiKeys({
    reader: ['cache:read', 'cache:write'],
    profiler: ['perf:profile'],
  });
  const ns = `lane-${randomUUID().slice(0, 8)}`;
  let redis: ThrowawayRedis;
  let service: CacheServiceInstance;
  const answered: RawExchange[] = [];

  const plain = (key: string) => `/api/v2/cache/entries/${key}?namespace=${ns}`;
  const encoded = (key: string) => `/api/v2/cache/entries/${encodeURIComponent(key)}?namespace=${ns}`;
  let reads = 0;
  const read = (path: string, headers: Record<string, string> = {}, key = keys.reader.raw) => {
    reads++;
    return service.http.get(path, key, headers);
  };

  /** The response to the first of up to 50 tries that the raw lane answered. */
  async function fromLane(path: string, headers: Record<string, string> = {}): Promise<Response> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const before = answered.length;
      const response = await read(path, headers);
      if (answered.length > before) return response;
      await response.arrayBuffer();
    }
    throw new Error(`the raw lane never answered ${path}`);
  }

  /** The response, which Fastify must have answered. */
  async function fromFastify(
    path: string,
    headers: Record<string, string> = {},
    key?: string,
  ): Promise<Response> {
    const before = answered.length;
    const response = await read(path, headers, key);
    expect(answered.length).toBe(before);
    return response;
  }

  /** Every header but those that differ from one response to the next. */
  function stableHeaders(response: Response): Record<string, string> {
    const varying = new Set(['date', 'x-request-id', 'ratelimit', 'keep-alive']);
    return Object.fromEntries([...response.headers].filter(([name]) => !varying.has(name)));
  }

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    service = await startCacheService({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: apiKeys,
      INSTANCE_ID: `lane-${ns}`,
    });
    rawLaneOf(service.app.getHttpAdapter().getInstance())?.onResponse((exchange) => answered.push(exchange));
    const written = await service.http.request('PUT', '/api/v2/cache/entries/user:1', {
      key: keys.reader.raw,
      body: { namespace: ns, value: { name: 'Ada', roles: ['admin'] }, ttlSeconds: 60 },
    });
    expect(written.status).toBe(200);
  });

  afterAll(async () => {
    await service?.close();
    await redis?.kill();
  });

  it('answers an L1 hit with the same status, headers and body as the Fastify path', async () => {
    const lane = await fromLane(plain('user:1'));
    const fastify = await fromFastify(encoded('user:1'));
    expect(lane.status).toBe(200);
    expect(stableHeaders(lane)).toEqual(stableHeaders(fastify));
    const { ttlRemainingMs: laneTtl, ...laneBody } = (await lane.json()) as { ttlRemainingMs: number };
    const { ttlRemainingMs: fastifyTtl, ...fastifyBody } = (await fastify.json()) as {
      ttlRemainingMs: number;
    };
    expect(laneBody).toEqual(fastifyBody);
    expect(laneBody).toMatchObject({
      key: 'user:1',
      namespace: ns,
      value: { name: 'Ada', roles: ['admin'] },
      tier: 'l1',
    });
    expect(Math.abs(laneTtl - fastifyTtl)).toBeLessThan(5_000);
    expect(lane.headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(lane.headers.get('ratelimit')).toMatch(/^limit=\d+, remaining=\d+, reset=\d+$/);
    expect(answered.at(-1)).toMatchObject({ route: '/api/v2/cache/entries/:key', statusCode: 200 });
  });

  it('keeps a sane X-Request-Id the client sent', async () => {
    const response = await fromLane(plain('user:1'), { 'x-request-id': 'client-chosen-1' });
    expect(response.headers.get('x-request-id')).toBe('client-chosen-1');
  });

  it('answers If-None-Match with 304, the headers of the 200 and no body', async () => {
    const ok = await fromLane(plain('user:1'));
    const etag = ok.headers.get('etag') as string;
    const notModified = await fromLane(plain('user:1'), { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    const { 'content-type': _type, 'content-length': _length, ...expected } = stableHeaders(ok);
    expect(stableHeaders(notModified)).toMatchObject(expected);
  });

  it('leaves a miss, a missing key, a wrong scope and a bad namespace to the route, which answers problem+json', async () => {
    const miss = await fromFastify(plain('nobody'));
    expect(miss.status).toBe(404);
    expect(miss.headers.get('content-type')).toContain('application/problem+json');
    expect((await fromFastify(plain('user:1'), {}, '')).status).toBe(401);
    expect((await fromFastify(plain('user:1'), {}, keys.profiler.raw)).status).toBe(403);
    const badNamespace = await fromFastify('/api/v2/cache/entries/user:1?namespace=Bad!');
    expect(badNamespace.status).toBe(400);
  });

  it('leaves a body above 1 KiB to the compression hook', async () => {
    await service.http.request('PUT', '/api/v2/cache/entries/big', {
      key: keys.reader.raw,
      body: { namespace: ns, value: 'x'.repeat(4096) },
    });
    await fromLane(plain('user:1')); // a lease at hand: the lane could answer, but must not
    const response = await fromFastify(plain('big'), { 'accept-encoding': 'br' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(((await response.json()) as { value: string }).value).toHaveLength(4096);
  });

  it('counts what it answers in the request-latency metrics', async () => {
    const count = async () => {
      const text = await (await service.http.get('/metrics')).text();
      const line =
        /http_server_request_duration_seconds_count\{[^}]*method="GET",route="\/api\/v2\/cache\/entries\/:key",status_code="200"\} (\d+)/.exec(
          text,
        );
      return Number(line?.[1] ?? 0);
    };
    const before = await count();
    const readsBefore = reads;
    for (let i = 0; i < 3; i++) await (await fromLane(plain('user:1'))).arrayBuffer();
    // Every GET counts: the 3 the lane answered and any Fastify answered while a lease refilled.
    expect((await count()) - before).toBe(reads - readsBefore);
  });
});
