import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type CachePolicy, defaultPolicy } from '@hotpath/cache';
import {
  createRedisClient,
  mapError,
  postgresDataSourceOptions,
  runMigrations,
  type ServiceConfig,
  ValidationError,
} from '@hotpath/platform';
import { type Cluster, Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { loadCacheServiceConfig } from '../config';
import { cacheDatabaseOptions } from '../persistence/cache-database';
import { PolicyStore } from './policy-store';
import { PolicyVersionConflictError } from './policy-version-conflict.error';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SPREAD_LIMIT_MS = 1000;

interface Instance {
  store: PolicyStore;
  config: ServiceConfig;
  redis: Redis | Cluster;
  dataSource: DataSource;
}

describe('PolicyStore against a real PostgreSQL and Redis', () => {
  const run = randomUUID().slice(0, 8);
  const started: Instance[] = [];
  let created: string[] = [];
  let admin: Redis;
  let a: Instance;
  let b: Instance;

  /** An instance as the cache-service builds it: its own DataSource and queue Redis. */
  async function startInstance(name: string, options: { reconnect: boolean } = { reconnect: true }) {
    const config = loadCacheServiceConfig({
      DATABASE_URL,
      REDIS_URL,
      INSTANCE_ID: `policies-${run}-${name}`,
    });
    const dataSource = await new DataSource(
      postgresDataSourceOptions({ ...cacheDatabaseOptions(config), poolMax: 2 }),
    ).initialize();
    const connectionName = `${config.serviceName}:queue`;
    const redis = options.reconnect
      ? createRedisClient({ url: REDIS_URL, connectionName })
      : // Never reconnects (nor does its duplicate): a killed subscriber stays away for good.
        new Redis(REDIS_URL, { connectionName, enableOfflineQueue: false, retryStrategy: () => null });
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const instance: Instance = {
      store: new PolicyStore(dataSource, redis, config),
      config,
      redis,
      dataSource,
    };
    started.push(instance);
    await instance.store.onModuleInit();
    return instance;
  }

  async function stop(instance: Instance): Promise<void> {
    started.splice(started.indexOf(instance), 1);
    await instance.store.onApplicationShutdown();
    await instance.redis.quit().catch(() => instance.redis.disconnect());
    await instance.dataSource.destroy();
  }

  function uniqueNamespace(): string {
    const namespace = `test-${randomUUID()}`;
    created.push(namespace);
    return namespace;
  }

  /** Milliseconds from `since` until `condition` holds, checked every 5 ms for at most 1 s. */
  async function msUntil(since: number, condition: () => boolean): Promise<number> {
    while (!condition() && performance.now() - since < SPREAD_LIMIT_MS) await delay(5);
    expect(condition()).toBe(true);
    return performance.now() - since;
  }

  async function storedVersion(namespace: string): Promise<number | undefined> {
    const rows = (await a.dataSource.query('SELECT version FROM cache.policies WHERE namespace = $1', [
      namespace,
    ])) as Array<{ version: number }>;
    return rows[0]?.version;
  }

  async function subscriberIds(instance: Instance): Promise<string[]> {
    const name = `${instance.config.serviceName}:${instance.config.instanceId}:policies`;
    const list = (await admin.call('CLIENT', 'LIST')) as string;
    return list
      .split('\n')
      .filter((line) => line.split(' ').includes(`name=${name}`))
      .map((line) => /\bid=(\d+)/.exec(line)?.[1] ?? '');
  }

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    a = await startInstance('a');
    await runMigrations(a.dataSource, 'cache');
    b = await startInstance('b');
  });

  afterEach(async () => {
    const namespaces = created;
    created = [];
    await a.dataSource.query('DELETE FROM cache.policy_history WHERE namespace = ANY($1::text[])', [
      namespaces,
    ]);
    await a.dataSource.query('DELETE FROM cache.policies WHERE namespace = ANY($1::text[])', [namespaces]);
  });

  afterAll(async () => {
    for (const instance of [...started].reverse()) await stop(instance);
    await admin?.quit();
  });

  it('applies a policy written on one instance on another within 1 s', async () => {
    const namespace = uniqueNamespace();
    const since = performance.now();
    const written = await a.store.upsert({ namespace, ttlSeconds: 42 }, 'alice');

    const elapsed = await msUntil(since, () => b.store.policyOf(namespace).ttlSeconds === 42);

    expect(elapsed).toBeLessThan(SPREAD_LIMIT_MS);
    expect(written).toMatchObject({ version: 1, updatedBy: 'alice', policy: { namespace, ttlSeconds: 42 } });
    expect(a.store.policyOf(namespace)).toEqual(written.policy);
    expect(b.store.list().find((stored) => stored.policy.namespace === namespace)).toEqual(written);
  });

  it('still applies a change within 1 s when the pub/sub subscriber of the receiver is gone', async () => {
    const deaf = await startInstance('deaf', { reconnect: false });
    const [id] = await subscriberIds(deaf);
    expect(id).toMatch(/^\d+$/);
    await admin.call('CLIENT', 'KILL', 'ID', id);
    expect(await subscriberIds(deaf)).toEqual([]);

    const namespace = uniqueNamespace();
    const since = performance.now();
    await a.store.upsert({ namespace, strategy: 'write-through' }, 'alice');
    const elapsed = await msUntil(since, () => deaf.store.policyOf(namespace).strategy === 'write-through');

    expect(elapsed).toBeLessThan(SPREAD_LIMIT_MS);
    expect(await subscriberIds(deaf)).toEqual([]); // delivered by the poll, not by a resubscription
    await stop(deaf);
  });

  it('loads the stored policies when an instance starts after they were written', async () => {
    const namespace = uniqueNamespace();
    await a.store.upsert({ namespace, ttlSeconds: 7 }, 'alice');
    const written = await a.store.upsert({ namespace, ttlSeconds: 8, tiers: ['l2'] }, 'bob');

    const restarted = await startInstance('restarted');

    expect(restarted.store.policyOf(namespace)).toMatchObject({ ttlSeconds: 8, tiers: ['l2'] });
    expect(restarted.store.list().find((stored) => stored.policy.namespace === namespace)).toEqual(written);
    await stop(restarted);
  });

  it('numbers the versions 1, 2, 3 and keeps each one in the history, newest first', async () => {
    const namespace = uniqueNamespace();
    const versions: number[] = [];
    for (const [ttlSeconds, by] of [
      [10, 'alice'],
      [20, 'bob'],
      [30, 'carol'],
    ] as const) {
      versions.push((await a.store.upsert({ namespace, ttlSeconds }, by)).version);
    }

    expect(versions).toEqual([1, 2, 3]);
    expect(await storedVersion(namespace)).toBe(3);
    const history = await b.store.history(namespace);
    expect(history.map(({ version, updatedBy }) => [version, updatedBy])).toEqual([
      [3, 'carol'],
      [2, 'bob'],
      [1, 'alice'],
    ]);
    expect(history.map(({ policy }) => (policy as CachePolicy).ttlSeconds)).toEqual([30, 20, 10]);
    expect(history[0].policy).toEqual(a.store.policyOf(namespace));
  });

  it.each([
    ['a negative TTL', (namespace: string) => ({ namespace, ttlSeconds: -1 }), 'ttlSeconds'],
    ['an unknown field', (namespace: string) => ({ namespace, colour: 'blue' }), 'colour'],
    ['a bad namespace', () => ({ namespace: 'Not A Namespace!' }), 'namespace'],
    ['a repeated tier', (namespace: string) => ({ namespace, tiers: ['l1', 'l1'] }), 'tiers'],
  ])('refuses %s with a 400 naming the field, storing nothing', async (_case, input, field) => {
    const namespace = uniqueNamespace();

    const error = await a.store.upsert(input(namespace), 'alice').catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ValidationError);
    expect(mapError(error)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((error as ValidationError).errors).toEqual([{ field, message: expect.any(String) }]);
    expect(await storedVersion(namespace)).toBeUndefined();
  });

  it('refuses a write whose expected version is not the stored one with a 409', async () => {
    const namespace = uniqueNamespace();
    const unknown = uniqueNamespace();
    await a.store.upsert({ namespace, ttlSeconds: 10 }, 'alice', 0);

    const stale = await a.store
      .upsert({ namespace, ttlSeconds: 99 }, 'bob', 5)
      .catch((thrown: unknown) => thrown);
    const recreate = await a.store.upsert({ namespace }, 'bob', 0).catch((thrown: unknown) => thrown);
    const missing = await a.store.upsert({ namespace: unknown }, 'bob', 3).catch((thrown: unknown) => thrown);

    for (const error of [stale, recreate, missing]) {
      expect(error).toBeInstanceOf(PolicyVersionConflictError);
      expect(mapError(error)).toMatchObject({ status: 409, code: 'POLICY_VERSION_CONFLICT' });
    }
    expect(stale).toMatchObject({ expectedVersion: 5, currentVersion: 1 });
    expect(missing).toMatchObject({ expectedVersion: 3, currentVersion: 0 });
    expect(await storedVersion(namespace)).toBe(1);
    expect(await storedVersion(unknown)).toBeUndefined();
    expect((await a.store.history(namespace)).map(({ version }) => version)).toEqual([1]);
    expect(a.store.policyOf(namespace).ttlSeconds).toBe(10);
    expect((await a.store.upsert({ namespace, ttlSeconds: 11 }, 'bob', 1)).version).toBe(2);
  });

  it('returns the same object for an unchanged policy, a new one after a change, defaults otherwise', async () => {
    const namespace = uniqueNamespace();
    const untouched = uniqueNamespace();
    const before = b.store.policyOf(namespace);
    expect(before).toEqual(defaultPolicy(namespace));
    expect(b.store.policyOf(namespace)).toBe(before);
    expect(b.store.policyOf(untouched)).toEqual(defaultPolicy(untouched));
    expect(b.store.list().map((stored) => stored.policy.namespace)).not.toContain(untouched);

    const revisionBefore = b.store.revision;
    await a.store.upsert({ namespace, maxEntries: 5 }, 'alice');
    await msUntil(performance.now(), () => b.store.policyOf(namespace) !== before);
    const after = b.store.policyOf(namespace);
    expect(after.maxEntries).toBe(5);
    // The revision tells the tiered cache to ask again: it moved with the change.
    expect(b.store.revision).toBeGreaterThan(revisionBefore);
    await delay(700); // more than a poll interval: reloads must not replace an unchanged policy

    expect(b.store.policyOf(namespace)).toBe(after);
    expect(Object.isFrozen(after)).toBe(true);
    expect(b.store.policyOf(untouched)).toEqual(defaultPolicy(untouched));
  });
});
