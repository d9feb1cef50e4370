import { randomUUID } from 'node:crypto';
import { CachePatterns, type RpcErrorReply } from '@hotpath/contracts';
import { startThrowawayRedis, testApiKeys, type ThrowawayRedis } from '@hotpath/testing';
import { HotpathTransportClient } from '@hotpath/transport';
import { firstValueFrom } from 'rxjs';
import { type CacheServiceInstance, deletePolicies, startCacheService } from './cache-service-instance';

/** One operation that names a namespace, as HTTP and the transport each express it (or don't). */
interface Operation {
  name: string;
  http?: (namespace: string) => { method: string; path: string; body?: unknown };
  transport?: (namespace: string) => [pattern: string, payload: unknown];
}

const key = (namespace: string) => `grant-${namespace}`;

/**
 * Every route and pattern that names a namespace, from one table: a key granted a name and a glob
 * reaches those namespaces and no other, over HTTP and over the transport alike.
 */
const OPERATIONS: Operation[] = [
  {
    name: 'read an entry',
    http: (ns) => ({ method: 'GET', path: `/api/v2/cache/entries/${key(ns)}?namespace=${ns}` }),
    transport: (ns) => [CachePatterns.Get, { namespace: ns, key: key(ns) }],
  },
  {
    name: 'write an entry',
    http: (ns) => ({
      method: 'PUT',
      path: `/api/v2/cache/entries/${key(ns)}`,
      body: { namespace: ns, value: 2 },
    }),
    transport: (ns) => [CachePatterns.Set, { namespace: ns, key: key(ns), value: 2 }],
  },
  {
    name: 'delete an entry',
    http: (ns) => ({ method: 'DELETE', path: `/api/v2/cache/entries/other?namespace=${ns}` }),
    transport: (ns) => [CachePatterns.Delete, { namespace: ns, key: 'other' }],
  },
  {
    name: 'batch-get',
    http: (ns) => ({
      method: 'POST',
      path: '/api/v2/cache/entries/batch-get',
      body: { namespace: ns, keys: [key(ns)] },
    }),
    transport: (ns) => [CachePatterns.BatchGet, { namespace: ns, keys: [key(ns)] }],
  },
  {
    name: 'list keys',
    http: (ns) => ({ method: 'GET', path: `/api/v2/cache/keys/grant-*?namespace=${ns}` }),
  },
  {
    name: 'clear by pattern / invalidate',
    http: (ns) => ({
      method: 'POST',
      path: '/api/v2/cache/clear',
      body: { namespace: ns, pattern: 'none-*' },
    }),
    transport: (ns) => [CachePatterns.Invalidate, { namespace: ns, pattern: 'none-*' }],
  },
  {
    name: 'statistics',
    http: (ns) => ({ method: 'GET', path: `/api/v2/cache/statistics?namespace=${ns}` }),
  },
  {
    name: 'set a policy',
    http: (ns) => ({
      method: 'POST',
      path: '/api/v2/cache/policies',
      body: { namespace: ns, ttlSeconds: 60 },
    }),
  },
  {
    name: 'warm',
    transport: (ns) => [CachePatterns.Warm, { namespace: ns, keys: ['a'] }],
  },
];

const suffix = randomUUID().slice(0, 6);
// Names of this run's own: policies live in the PostgreSQL every test shares.
const NAMESPACES: [namespace: string, granted: boolean][] = [
  [`auth-${suffix}`, true],
  [`authz-${suffix}-roles`, true],
  [`billing-${suffix}`, false],
  [`auth-${suffix}x`, false],
];

describe('namespace grants over HTTP and the transport (e2e)', () => {
  const { env, keys } = testApiKeys({
    scoped: {
      scopes: ['cache:read', 'cache:write', 'cache:admin'],
      namespaces: [`auth-${suffix}`, `authz-${suffix}-*`],
    },
    admin: ['cache:read', 'cache:write', 'cache:admin'],
  });
  let redis: ThrowawayRedis;
  let service: CacheServiceInstance;
  let scoped: HotpathTransportClient;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    service = await startCacheService({
      REDIS_URL: redis.url,
      HOTPATH_API_KEYS: env,
      INSTANCE_ID: 'grants-e2e',
    });
    scoped = new HotpathTransportClient({
      redisUrl: redis.url,
      apiKey: keys.scoped.raw,
      service: 'cache-service',
    });
    // Every namespace holds the entry the operations touch, written by an unrestricted key.
    for (const [namespace] of NAMESPACES) {
      const response = await service.http.request('PUT', `/api/v2/cache/entries/${key(namespace)}`, {
        key: keys.admin.raw,
        body: { namespace, value: 1 },
      });
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await scoped?.close();
    if (service)
      await deletePolicies(
        service,
        NAMESPACES.map(([namespace]) => namespace),
      );
    await service?.close();
    await redis?.kill();
  });

  const cases = OPERATIONS.flatMap((operation) =>
    NAMESPACES.map(([namespace, granted]) => ({ operation, namespace, granted })),
  );

  it.each(cases.filter((c) => c.operation.http))(
    'HTTP: $operation.name in $namespace is allowed: $granted',
    async ({ operation, namespace, granted }) => {
      const { method, path, body } = (operation.http as NonNullable<Operation['http']>)(namespace);
      const response = await service.http.request(method, path, { key: keys.scoped.raw, body });
      if (granted) {
        expect(response.status).toBeLessThan(300);
      } else {
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ status: 403 });
      }
    },
  );

  it.each(cases.filter((c) => c.operation.transport))(
    'transport: $operation.name in $namespace is allowed: $granted',
    async ({ operation, namespace, granted }) => {
      const [pattern, payload] = (operation.transport as NonNullable<Operation['transport']>)(namespace);
      const outcome = await firstValueFrom(scoped.send(pattern, payload)).then(
        (reply: unknown) => ({ ok: true as const, reply }),
        (error: RpcErrorReply) => ({ ok: false as const, error }),
      );
      if (granted) expect(outcome).toMatchObject({ ok: true });
      else expect(outcome).toMatchObject({ ok: false, error: { status: 'error', code: 'FORBIDDEN' } });
    },
  );

  it('left the entries outside the grant as they were', async () => {
    for (const [namespace, granted] of NAMESPACES) {
      if (granted) continue;
      const response = await service.http.get(
        `/api/v2/cache/entries/${key(namespace)}?namespace=${namespace}`,
        keys.admin.raw,
      );
      expect(await response.json()).toMatchObject({ value: 1 });
    }
  });

  it('lists only the policies of granted namespaces, and refuses fleet statistics without a namespace', async () => {
    await service.http.request('POST', '/api/v2/cache/policies', {
      key: keys.admin.raw,
      body: { namespace: `billing-${suffix}`, ttlSeconds: 30 },
    });
    const policies = (await (await service.http.get('/api/v2/cache/policies', keys.scoped.raw)).json()) as {
      policy: { namespace: string };
    }[];
    expect(policies.map((stored) => stored.policy.namespace)).not.toContain(`billing-${suffix}`);
    expect((await service.http.get('/api/v2/cache/statistics', keys.scoped.raw)).status).toBe(403);
    expect((await service.http.get('/api/v2/cache/statistics', keys.admin.raw)).status).toBe(200);
  });
});
