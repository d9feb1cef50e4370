import { jest } from '@jest/globals';
import { freePort, startServiceProcess, startThrowawayRedis, type ServiceProcess, type ThrowawayRedis } from '@hotpath/testing';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { createAnalysisDatabase } from './analysis-database';

jest.setTimeout(180_000);

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('optimization-worker: hotpath.optimization in a real worker process (PostgreSQL, Redis, BullMQ)', () => {
  let database: Awaited<ReturnType<typeof createAnalysisDatabase>>;
  let redis: ThrowawayRedis;
  let worker: ServiceProcess;
  let queue: Queue;
  let db: Client;

  beforeAll(async () => {
    [database, redis] = await Promise.all([createAnalysisDatabase(), startThrowawayRedis()]);
    db = new Client({ connectionString: database.url });
    await db.connect();
    // A missing index, and a statement whose planning sleeps (an immutable function the planner
    // folds) so that an analysis is still running when SIGTERM arrives.
    await db.query(`
      CREATE SCHEMA w;
      CREATE TABLE w.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, total numeric NOT NULL);
      INSERT INTO w.orders (customer_id, total) SELECT (random() * 20000)::int, 1 FROM generate_series(1, 100000);
      CREATE FUNCTION w.slow() RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
        BEGIN IF current_setting('w.fast', true) IS DISTINCT FROM 'on' THEN PERFORM pg_sleep(3); END IF; RETURN 1; END $$;
      ANALYZE w.orders;
      SET w.fast = 'on';`);
    // The bulk load is not the table's steady state (it would count as writes against the index).
    await db.query('SELECT pg_stat_force_next_flush()');
    await db.query("SELECT pg_stat_reset_single_table_counters('w.orders'::regclass)");
    for (let i = 0; i < 20; i++) await db.query('SELECT id FROM w.orders WHERE customer_id = $1', [i]);
    await db.query('SELECT id FROM w.orders WHERE id = w.slow()');
    await db.query('SELECT pg_stat_force_next_flush()');
    worker = await startServiceProcess('optimization-worker', {
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      WORKER_HEALTH_PORT: String(await freePort()),
      ANALYSIS_STATEMENT_TIMEOUT_MS: '2000',
    });
    queue = new Queue('hotpath.optimization', { connection: { url: redis.url } });
  });

  afterAll(async () => {
    await worker?.kill();
    await queue?.close();
    await db?.end();
    await redis?.kill();
    await database?.drop();
  });

  it('fails a bad payload at once, without retrying it, and records the run', async () => {
    const job = await queue.add('query-analysis', { scope: 42 } as never, { attempts: 3, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } });
    const state = await until(() => job.getState(), (s) => s === 'failed');
    expect(state).toBe('failed');
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/^bad query-analysis payload: scope:/);
    const { rows } = await until(
      () => db.query("SELECT state, failed_reason FROM perf.optimization_runs WHERE job_id = $1", [`hotpath.optimization:${job.id}`]),
      (r) => r.rows[0]?.state === 'failed',
    );
    expect(rows[0].failed_reason).toMatch(/bad query-analysis payload/);
  });

  it('drains on SIGTERM: the running analysis completes once, its run and recommendations are stored', async () => {
    const job = await queue.add(
      'query-analysis',
      { scope: database.name, requestId: 'req-drain-17', requestedBy: 'int-spec' },
      { attempts: 3, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } },
    );
    await until(() => job.getState(), (s) => s === 'active');
    // Nest re-raises SIGTERM once its shutdown hooks are done: the exit is by that signal.
    await worker.stop();

    const done = await queue.getJob(job.id!);
    expect(await done?.getState()).toBe('completed');
    expect(done?.attemptsStarted).toBe(1);
    expect(done?.progress).toBe(100);
    const { rows: runs } = await db.query(
      'SELECT state, attempts, request_id, requested_by, duration_ms, result FROM perf.optimization_runs WHERE job_id = $1',
      [`hotpath.optimization:${job.id}`],
    );
    expect(runs).toEqual([
      expect.objectContaining({ state: 'completed', attempts: 1, request_id: 'req-drain-17', requested_by: 'int-spec' }),
    ]);
    expect(runs[0].duration_ms).toBeGreaterThanOrEqual(2000);
    const slow = runs[0].result.databases[0].statements.find((s: { query: string }) => s.query.includes('w.slow()'));
    expect(slow.reason).toMatch(/^PLAN_TIMEOUT/);
    const { rows: recommendations } = await db.query(
      "SELECT action, state, occurrences FROM perf.recommendations WHERE kind = 'missing-index'",
    );
    expect(recommendations).toEqual([
      { action: 'CREATE INDEX CONCURRENTLY ON "w"."orders" ("customer_id")', state: 'open', occurrences: 1 },
    ]);
    expect(worker.output()).toContain('req-drain-17');
    expect(worker.output()).toMatch(/drained/);
  });
});
