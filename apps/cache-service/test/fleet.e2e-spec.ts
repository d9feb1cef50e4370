import { randomUUID } from 'node:crypto';
import { startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import {
  type CacheServiceInstance,
  deletePolicies,
  pollUntil,
  startCacheService,
} from './cache-service-instance';

interface EntryBody {
  key: string;
  value: unknown;
  version: number;
  tier: string;
}

/** The architecture's promise: a change on one instance is seen by every other within 1 s. */
const SPREAD_LIMIT_MS = 1000;

/**
 * Two cache-service instances in one process, on their own ports, sharing a throw-away Redis (L2,
 * bus, queues) and the local PostgreSQL, as two pods of the fleet do.
 */
describe('cache-service fleet (e2e, two instances on one Redis and PostgreSQL)', () => {
  const { keys, env } = testApiKeys({
    reader: ['cache:read'],
    admin: ['cache:read', 'cache:write', 'cache:admin'],
  });
  const run = randomUUID().slice(0, 8);
  const ns = `e2e-${run}-fleet`;
  const policyNamespace = `e2e-${run}-fleet-policy`;
  const instances: CacheServiceInstance[] = [];
  let redis: ThrowawayRedis;
  let a: CacheServiceInstance;
  let b: CacheServiceInstance;

  async function start(name: string): Promise<CacheServiceInstance> {
    const instance = await startCacheService({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: env,
      INSTANCE_ID: `fleet-${run}-${name}`,
    });
    instances.push(instance);
    return instance;
  }

  function path(key: string, namespace = ns): string {
    return `/api/v2/cache/entries/${encodeURIComponent(key)}?namespace=${namespace}`;
  }

  async function put(on: CacheServiceInstance, key: string, value: unknown, namespace = ns): Promise<number> {
    const response = await on.http.request('PUT', `/api/v2/cache/entries/${encodeURIComponent(key)}`, {
      key: keys.admin.raw,
      body: { namespace, value },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { version: number }).version;
  }

  async function read(on: CacheServiceInstance, key: string, namespace = ns) {
    const response = await on.http.get(path(key, namespace), keys.reader.raw);
    const body = response.status === 200 ? ((await response.json()) as EntryBody) : undefined;
    if (!body) await response.body?.cancel();
    return { status: response.status, body, cacheControl: response.headers.get('cache-control') };
  }

  /**
   * Reads on B until B answers from its own L1. The first read back-fills L1 from L2, but the bus
   * message of the write it read may arrive just after and drop that copy (conservatively): the
   * read after it then fills L1 again.
   */
  function readFromL1(on: CacheServiceInstance, key: string, namespace = ns) {
    return pollUntil(
      () => read(on, key, namespace),
      (result) => result.body?.tier === 'l1',
      SPREAD_LIMIT_MS,
    );
  }

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    a = await start('a');
    b = await start('b');
  });

  afterAll(async () => {
    const open = instances.find((instance) => instance !== a) ?? a;
    if (open) await deletePolicies(open, [policyNamespace]);
    for (const instance of [...instances].reverse()) await instance.close();
    await redis?.kill();
  });

  it('serves on B the value PUT on A, from B’s L1 once read, and the new value once A overwrites it', async () => {
    const first = await put(a, 'profile', { name: 'old' });

    expect(await read(b, 'profile')).toMatchObject({
      status: 200,
      body: { value: { name: 'old' }, version: first, tier: 'l2' },
    });
    // Read again: B now answers from its own L1.
    expect(await readFromL1(b, 'profile')).toMatchObject({
      status: 200,
      body: { value: { name: 'old' }, tier: 'l1' },
    });

    const since = performance.now();
    const second = await put(a, 'profile', { name: 'new' });
    const seen = await pollUntil(
      () => read(b, 'profile'),
      (result) => result.body?.version === second,
      SPREAD_LIMIT_MS,
    );

    expect(seen.body).toMatchObject({ value: { name: 'new' }, version: second });
    expect(performance.now() - since).toBeLessThan(SPREAD_LIMIT_MS);
    expect(await readFromL1(b, 'profile')).toMatchObject({ body: { value: { name: 'new' }, tier: 'l1' } });
  });

  it('drops B’s L1 copy when A deletes the entry', async () => {
    await put(a, 'session', 'token');
    expect((await readFromL1(b, 'session')).body?.tier).toBe('l1');

    const deleted = await a.http.request('DELETE', path('session'), { key: keys.admin.raw });
    expect(deleted.status).toBe(204);

    const seen = await pollUntil(
      () => read(b, 'session'),
      (result) => result.status === 404,
      SPREAD_LIMIT_MS,
    );
    expect(seen.status).toBe(404);
  });

  it.each([
    ['the whole namespace', {}, ['c:1', 'c:2']],
    ['a pattern', { pattern: 'c:1' }, ['c:1']],
  ])('removes B’s L1 copies when A clears %s', async (_case, clear, gone) => {
    const namespace = `e2e-${run}-clear-${gone.length}`;
    for (const key of ['c:1', 'c:2']) {
      await put(a, key, key, namespace);
      expect((await readFromL1(b, key, namespace)).body?.tier).toBe('l1');
    }

    const response = await a.http.request('POST', '/api/v2/cache/clear', {
      key: keys.admin.raw,
      body: { namespace, ...clear },
    });
    expect(await response.json()).toEqual({ removed: gone.length });

    const statuses = () =>
      Promise.all(['c:1', 'c:2'].map(async (key) => [key, (await read(b, key, namespace)).status] as const));
    const expected = ['c:1', 'c:2'].map((key) => [key, gone.includes(key) ? 404 : 200] as const);
    const seen = await pollUntil(
      statuses,
      (now) => JSON.stringify(now) === JSON.stringify(expected),
      SPREAD_LIMIT_MS,
    );
    expect(seen).toEqual(expected);
  });

  it('applies on B within 1 s a policy POSTed on A', async () => {
    await put(b, 'page', '<html>', policyNamespace);
    expect((await read(b, 'page', policyNamespace)).cacheControl).toBe('private, no-cache');

    const since = performance.now();
    const posted = await a.http.request('POST', '/api/v2/cache/policies', {
      key: keys.admin.raw,
      body: { namespace: policyNamespace, httpMaxAgeSeconds: 300 },
    });
    expect(posted.status).toBe(200);

    const seen = await pollUntil(
      () => read(b, 'page', policyNamespace),
      (result) => result.cacheControl?.includes('max-age=300') ?? false,
      SPREAD_LIMIT_MS,
    );
    expect(seen.cacheControl).toContain('max-age=300');
    expect(performance.now() - since).toBeLessThan(SPREAD_LIMIT_MS);

    const listed = (await (await b.http.get('/api/v2/cache/policies', keys.reader.raw)).json()) as Array<{
      version: number;
      policy: { namespace: string; httpMaxAgeSeconds: number };
    }>;
    expect(listed.find((stored) => stored.policy.namespace === policyNamespace)).toMatchObject({
      version: 1,
      policy: { httpMaxAgeSeconds: 300 },
    });
  });

  it('reports both instances in /statistics asked on either of them', async () => {
    for (const on of [a, b]) {
      const response = await on.http.get('/api/v2/cache/statistics', keys.reader.raw);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { instances: string[] };
      expect(body.instances).toEqual([a.instanceId, b.instanceId].sort());
    }
  });

  it('adds up the counts of every instance in /statistics', async () => {
    const namespace = `e2e-${run}-stats`;
    await put(a, 'k', 1, namespace);
    await read(a, 'k', namespace); // an L1 hit on A
    await read(b, 'k', namespace); // an L1 miss and an L2 hit on B
    await read(b, 'k', namespace); // an L1 hit on B
    // Each instance publishes its counts when it answers /statistics (and every 5 s).
    await b.http.get('/api/v2/cache/statistics', keys.reader.raw);

    const response = await a.http.get(`/api/v2/cache/statistics?namespace=${namespace}`, keys.reader.raw);
    const body = (await response.json()) as { tiers: Record<'l1' | 'l2', { hits: number; misses: number }> };
    expect(body.tiers.l1).toMatchObject({ hits: 2, misses: 1 });
    expect(body.tiers.l2).toMatchObject({ hits: 1, misses: 0 });
  });

  it('still lists and applies the policy after A is closed and a new instance starts', async () => {
    await a.close();
    const c = await start('c');

    const response = await c.http.get('/api/v2/cache/policies', keys.reader.raw);
    expect(response.status).toBe(200);
    const listed = (await response.json()) as Array<{ version: number; policy: { namespace: string } }>;
    expect(listed.find((stored) => stored.policy.namespace === policyNamespace)).toMatchObject({
      version: 1,
      policy: { httpMaxAgeSeconds: 300 },
    });
    // The entry B wrote is in the shared L2, and C serves it with the stored policy's max-age.
    const page = await read(c, 'page', policyNamespace);
    expect(page).toMatchObject({ status: 200, body: { value: '<html>', tier: 'l2' } });
    expect(page.cacheControl).toContain('max-age=300');
  });
});
