import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type CachePolicy, defaultPolicy } from '../policy/cache-policy';
import type { WriteBehindPolicyInput } from '../policy/write-behind-policy';
import { writeBehindPolicySchema } from '../policy/write-behind-policy';
import { PostgresWriteBehindSinkWriter } from './postgres-write-behind-sink';
import { RedisWriteBehindBuffer } from './redis-write-behind-buffer';
import { WriteBehindBacklogError } from './write-behind-backlog.error';
import { WriteBehindFlusher } from './write-behind-flusher';
import { WriteBehindKeys } from './write-behind-keys';
import type { WriteBehindSink } from './write-behind-sink';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

describe('write-behind to PostgreSQL (real Redis, real PostgreSQL)', () => {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const schema = `wb_${id}`;
  const table = `${schema}.sessions`;
  const redis = new Redis(REDIS_URL);
  const queue = new Queue(`test-wb-${id}`, { connection: { url: REDIS_URL } });
  const keys = new WriteBehindKeys(`test-wb-${id}`);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const buffer = new RedisWriteBehindBuffer({ redis, queue, keys });
  const sink = new PostgresWriteBehindSinkWriter(pool, {
    table,
    keyColumn: 'id',
    valueColumn: 'data',
    versionColumn: 'version',
  });
  let sinkFor: (policy: unknown) => WriteBehindSink = () => sink;
  const flusher = new WriteBehindFlusher({ redis, queue, keys, sinkFor: (policy) => sinkFor(policy) });

  const policyOf = (namespace: string, writeBehind: Partial<WriteBehindPolicyInput> = {}): CachePolicy => ({
    ...defaultPolicy(namespace),
    strategy: 'write-behind',
    writeBehind: writeBehindPolicySchema.parse({
      sink: { kind: 'postgres', table, keyColumn: 'id', valueColumn: 'data', versionColumn: 'version' },
      ...writeBehind,
    }),
  });
  const stored = async () =>
    Object.fromEntries(
      (
        await pool.query<{ id: string; data: unknown; version: string }>(
          `SELECT id, data, version FROM ${table}`,
        )
      ).rows.map((row) => [row.id, { value: row.data, version: Number(row.version) }]),
    );

  beforeAll(async () => {
    if (redis.status !== 'ready') await once(redis, 'ready');
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, data jsonb, version bigint NOT NULL)`);
  });

  afterEach(async () => {
    sinkFor = () => sink;
    await pool.query(`TRUNCATE ${table}`);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const left = await redis.keys(`test-wb-${id}*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  it('flushes the newest version of each key, in one batch, and leaves nothing pending', async () => {
    const policy = policyOf('ns-a', { flushIntervalMs: 60_000 });
    await buffer.enqueue({ namespace: 'ns-a', key: 'k1', version: 10, value: { step: 1 } }, policy);
    await buffer.enqueue({ namespace: 'ns-a', key: 'k1', version: 30, value: { step: 3 } }, policy);
    // An older write landing late (another instance) does not replace the newer pending one.
    await buffer.enqueue({ namespace: 'ns-a', key: 'k1', version: 20, value: { step: 2 } }, policy);
    await buffer.enqueue({ namespace: 'ns-a', key: 'k2', version: 11, value: 'two' }, policy);
    await buffer.enqueue({ namespace: 'ns-a', key: 'gone', version: 12, value: null }, policy);

    const delayed = await queue.getDelayed();
    expect(delayed.map((job) => [job.name, job.data.namespace])).toEqual([['flush-namespace', 'ns-a']]);

    const result = await flusher.flush('ns-a');
    expect(result).toMatchObject({ written: 3, removed: 3, pending: 0, batches: 1 });
    expect(await stored()).toEqual({
      k1: { value: { step: 3 }, version: 30 },
      k2: { value: 'two', version: 11 },
      gone: { value: null, version: 12 },
    });
    expect(await redis.hlen(keys.of('ns-a').pending)).toBe(0);
  });

  it('never writes an older version over a newer one, and a batch written twice changes nothing', async () => {
    await sink.write('ns', [{ key: 'k', version: 5, value: 'five' }]);
    await sink.write('ns', [
      { key: 'k', version: 4, value: 'four' },
      { key: 'new', version: 1, value: 'one' },
    ]);
    expect(await stored()).toEqual({ k: { value: 'five', version: 5 }, new: { value: 'one', version: 1 } });
    await sink.write('ns', [{ key: 'k', version: 5, value: 'five again' }]);
    expect((await stored()).k).toEqual({ value: 'five', version: 5 });
    // A delete is a tombstone: a late older write cannot bring the row back.
    await sink.write('ns', [{ key: 'k', version: 7, value: null }]);
    await sink.write('ns', [{ key: 'k', version: 6, value: 'six' }]);
    expect((await stored()).k).toEqual({ value: null, version: 7 });
  });

  it('keeps a write that arrived during the flush pending, and flushes it next', async () => {
    const policy = policyOf('ns-b', { flushIntervalMs: 60_000 });
    await buffer.enqueue({ namespace: 'ns-b', key: 'k', version: 1, value: 'v1' }, policy);
    sinkFor = () => ({
      async write(namespace, entries) {
        await buffer.enqueue({ namespace: 'ns-b', key: 'k', version: 2, value: 'v2' }, policy);
        await sink.write(namespace, entries);
      },
    });
    expect(await flusher.flush('ns-b')).toMatchObject({ written: 1, removed: 0, pending: 1 });
    expect((await stored()).k).toEqual({ value: 'v1', version: 1 });
    // The write during the flush queued a flush of its own (the claim had cleared the marker).
    expect((await queue.getDelayed()).filter((job) => job.data.namespace === 'ns-b')).toHaveLength(2);
    sinkFor = () => sink;
    expect(await flusher.flush('ns-b')).toMatchObject({ written: 1, removed: 1, pending: 0 });
    expect((await stored()).k).toEqual({ value: 'v2', version: 2 });
  });

  it('keeps everything pending when the sink fails, for the retry', async () => {
    const policy = policyOf('ns-c', { flushIntervalMs: 60_000 });
    await buffer.enqueue({ namespace: 'ns-c', key: 'k', version: 1, value: 'v1' }, policy);
    sinkFor = () => ({ write: async () => Promise.reject(new Error('sink down')) });
    await expect(flusher.flush('ns-c')).rejects.toThrow('sink down');
    expect(await redis.hlen(keys.of('ns-c').pending)).toBe(1);
    sinkFor = () => sink;
    await flusher.flush('ns-c');
    expect((await stored()).k).toEqual({ value: 'v1', version: 1 });
  });

  it('flushes full batches at once, and leaves a partial one to a flush after the interval', async () => {
    const policy = policyOf('ns-d', { batchSize: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++)
      await buffer.enqueue({ namespace: 'ns-d', key: `k${i}`, version: 100 + i, value: i }, policy);
    const waiting = (await queue.getWaiting()).filter((job) => job.data.namespace === 'ns-d');
    expect(waiting).toHaveLength(1);
    expect(await flusher.flush('ns-d')).toMatchObject({ written: 20, removed: 20, pending: 5, batches: 2 });
    // The 5 left wait for the interval (the first write's delayed job, and the one the flush queued
    // after clearing the markers: a spare flush finds nothing and costs one round trip).
    const delayed = (await queue.getDelayed()).filter((job) => job.data.namespace === 'ns-d');
    expect(delayed.length).toBeGreaterThanOrEqual(1);
    expect((await queue.getWaiting()).filter((job) => job.data.namespace === 'ns-d')).toHaveLength(1);
    expect(await flusher.flush('ns-d')).toMatchObject({ written: 5, removed: 5, pending: 0, batches: 1 });
    expect(Object.keys(await stored())).toHaveLength(25);
  });

  it('refuses new keys past maxPending with 503 and Retry-After, still taking newer writes of waiting keys', async () => {
    const policy = policyOf('ns-e', { maxPending: 3, flushIntervalMs: 5_000 });
    for (let i = 0; i < 3; i++)
      await buffer.enqueue({ namespace: 'ns-e', key: `k${i}`, version: i + 1, value: i }, policy);
    const refused = buffer.enqueue({ namespace: 'ns-e', key: 'k3', version: 10, value: 3 }, policy);
    await expect(refused).rejects.toBeInstanceOf(WriteBehindBacklogError);
    await expect(refused).rejects.toMatchObject({ kind: 'Unavailable', headers: { 'Retry-After': '5' } });
    await buffer.enqueue({ namespace: 'ns-e', key: 'k0', version: 11, value: 'newer' }, policy);
    expect(await redis.hlen(keys.of('ns-e').pending)).toBe(3);
    expect(await buffer.backlog()).toContainEqual({ namespace: 'ns-e', pending: 3, maxPending: 3 });
    await flusher.flush('ns-e');
    await buffer.enqueue({ namespace: 'ns-e', key: 'k3', version: 12, value: 3 }, policy);
  });

  it('sweeps a namespace whose flush job was lost into a new job', async () => {
    const policy = policyOf('ns-f', { flushIntervalMs: 60_000 });
    await buffer.enqueue({ namespace: 'ns-f', key: 'k', version: 1, value: 'v' }, policy);
    const job = (await queue.getDelayed()).find((candidate) => candidate.data.namespace === 'ns-f');
    await job?.remove();
    await redis.del(keys.of('ns-f').scheduled);
    expect(await flusher.sweep()).toBeGreaterThanOrEqual(1);
    expect((await queue.getWaiting()).some((candidate) => candidate.data.namespace === 'ns-f')).toBe(true);
    expect(await flusher.sweep()).toBe(0);
  });
});
