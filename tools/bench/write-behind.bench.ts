import { randomUUID } from 'node:crypto';
import {
  defaultPolicy,
  PostgresWriteBehindSinkWriter,
  RedisWriteBehindBuffer,
  WriteBehindFlusher,
  WriteBehindKeys,
  writeBehindPolicySchema,
} from '@hotpath/cache';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { goal, opsPerSec, print, ratio, table } from './lib/report';

/**
 * Write-behind flush throughput to PostgreSQL (docs/benchmarks.md, "Write-behind"):
 *
 *   node -r ./tools/dev/register.cjs tools/bench/write-behind.bench.ts
 *
 * The same N writes over N/2 keys (each key written twice, as write-behind coalesces) reach one
 * table three ways: row-by-row (one autocommitted version-guarded INSERT … ON CONFLICT per write,
 * what a naive writer does), one BullMQ job per write (the old producer's shape: a job per write,
 * a worker upserting one row per job, concurrency 8), and write-behind as built (writes staged in
 * Redis by RedisWriteBehindBuffer, flushed by WriteBehindFlusher in UNNEST batches of 500). For
 * write-behind, "flush" times the flush alone and "end to end" adds the staging. Loopback
 * PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); a throwaway schema and queue, removed after.
 * Goal: write-behind flush ≥ 10× row-by-row; reported as PASS/FAIL, never the exit code.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WRITES = Number(process.env.BENCH_WRITES ?? 20_000);
// Every key written twice (a whole number of keys whatever BENCH_WRITES is): write-behind keeps
// only each key's newest version, which is part of what it saves.
const KEYS = Math.ceil(WRITES / 2);
const BATCH_SIZE = 500;
const JOB_CONCURRENCY = 8;

const id = randomUUID().replace(/-/g, '').slice(0, 10);
const schema = `wb_bench_${id}`;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: JOB_CONCURRENCY });
const redis = new Redis(REDIS_URL);

const writes = Array.from({ length: WRITES }, (_, i) => ({
  key: `key-${i % KEYS}`,
  version: 1_000_000 + i,
  value: { i, payload: 'x'.repeat(64) },
}));

async function freshTable(name: string): Promise<string> {
  const table = `${schema}.${name}`;
  await pool.query(`CREATE TABLE ${table} (k text PRIMARY KEY, v jsonb, ver bigint NOT NULL)`);
  return table;
}

const upsertOne = (table: string) =>
  `INSERT INTO ${table} AS s (k, v, ver) VALUES ($1, $2, $3) ON CONFLICT (k) DO UPDATE ` +
  `SET v = EXCLUDED.v, ver = EXCLUDED.ver WHERE s.ver < EXCLUDED.ver`;

async function rowByRow(): Promise<number> {
  const table = await freshTable('row_by_row');
  const statement = upsertOne(table);
  const started = performance.now();
  for (const write of writes)
    await pool.query(statement, [write.key, JSON.stringify(write.value), write.version]);
  return performance.now() - started;
}

async function jobPerWrite(): Promise<number> {
  const table = await freshTable('job_per_write');
  const statement = upsertOne(table);
  const connection = { url: REDIS_URL };
  const queue = new Queue(`bench-wb-jobs-${id}`, { connection });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const started = performance.now();
  for (let i = 0; i < WRITES; i += 1000) {
    await queue.addBulk(
      writes
        .slice(i, i + 1000)
        .map((write) => ({ name: 'flush', data: write, opts: { removeOnComplete: true } })),
    );
  }
  const worker = new Worker(
    queue.name,
    async (job) => {
      await pool.query(statement, [job.data.key, JSON.stringify(job.data.value), job.data.version]);
      if (++done === WRITES) finished();
    },
    { connection, concurrency: JOB_CONCURRENCY },
  );
  await allDone;
  const elapsed = performance.now() - started;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return elapsed;
}

async function writeBehind(): Promise<{ stageMs: number; flushMs: number }> {
  const table = await freshTable('write_behind');
  const queue = new Queue(`bench-wb-${id}`, { connection: { url: REDIS_URL } });
  const keys = new WriteBehindKeys(`bench-wb-${id}`);
  const sink = { kind: 'postgres' as const, table, keyColumn: 'k', valueColumn: 'v', versionColumn: 'ver' };
  const policy = {
    ...defaultPolicy('bench'),
    strategy: 'write-behind' as const,
    writeBehind: writeBehindPolicySchema.parse({
      sink,
      batchSize: BATCH_SIZE,
      flushIntervalMs: 60_000,
      maxPending: 1e6,
    }),
  };
  const buffer = new RedisWriteBehindBuffer({ redis, queue, keys });
  const writer = new PostgresWriteBehindSinkWriter(pool, sink);
  const flusher = new WriteBehindFlusher({
    redis,
    queue,
    keys,
    sinkFor: () => writer,
    maxBatchesPerFlush: Infinity,
  });

  let started = performance.now();
  let next = 0;
  // 32 callers at once, as many requests of a cache-service would stage concurrently.
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < WRITES; i = next++)
        await buffer.enqueue({ namespace: 'bench', ...writes[i] }, policy);
    }),
  );
  const stageMs = performance.now() - started;
  started = performance.now();
  const result = await flusher.flush('bench');
  const flushMs = performance.now() - started;
  if (result.pending !== 0 || result.written !== KEYS)
    throw new Error(`flush left ${result.pending}, wrote ${result.written}`);
  await queue.obliterate({ force: true });
  await queue.close();
  const left = await redis.keys(`bench-wb-${id}*`);
  if (left.length > 0) await redis.del(...left);
  return { stageMs, flushMs };
}

async function check(table: string): Promise<void> {
  const { rows } = await pool.query<{ n: string; newest: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE (v->>'i')::int >= ${KEYS}) AS newest FROM ${schema}.${table}`,
  );
  if (Number(rows[0].n) !== KEYS || Number(rows[0].newest) !== KEYS) {
    throw new Error(`${table}: ${rows[0].n} rows, ${rows[0].newest} at their newest version`);
  }
}

async function main(): Promise<void> {
  await pool.query(`CREATE SCHEMA ${schema}`);
  try {
    const rowMs = await rowByRow();
    await check('row_by_row');
    const jobMs = await jobPerWrite();
    await check('job_per_write');
    const { stageMs, flushMs } = await writeBehind();
    await check('write_behind');

    const rowRate = WRITES / (rowMs / 1000);
    // Write-behind upserts each key once (the newest of its writes): its rows are fewer than its writes.
    const rows: Array<[string, number, number]> = [
      ['row-by-row INSERT … ON CONFLICT (autocommit)', rowRate, WRITES],
      [`one BullMQ job per write (concurrency ${JOB_CONCURRENCY})`, WRITES / (jobMs / 1000), WRITES],
      [`write-behind flush (UNNEST batches of ${BATCH_SIZE})`, WRITES / (flushMs / 1000), KEYS],
      ['write-behind end to end (stage 32 at once + flush)', WRITES / ((stageMs + flushMs) / 1000), KEYS],
    ];
    print(
      `## Write-behind flush to PostgreSQL, ${WRITES.toLocaleString('en')} writes over ${KEYS.toLocaleString('en')} keys`,
    );
    print();
    table(
      ['path', 'writes/s', 'vs row-by-row', 'rows upserted'],
      rows.map(([name, rate, upserts]) => [name, opsPerSec(rate), ratio(rate, rowRate), opsPerSec(upserts)]),
    );
    print();
    print(`Goal: write-behind flush ≥ 10× row-by-row: ${goal(rows[2][1], rowRate, 10)}`);
  } finally {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
