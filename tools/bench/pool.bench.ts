import { cpus } from 'node:os';
import pg from 'pg';
import { ManagedPool, PoolMetrics } from '@hotpath/pooling';
import { MetricsRegistry } from '@hotpath/telemetry';
import { type Measurement, measureRoundRobin, runConcurrent, type Subject } from './lib/measure';
import { goal, opsPerSec, print, ratio, table } from './lib/report';

/**
 * Acquire/release throughput of `@hotpath/pooling`'s ManagedPool against a raw `pg.Pool` of the
 * same size, in one run (docs/pooling.md, "Benchmark"):
 *
 *   node -r ./tools/dev/register.cjs tools/bench/pool.bench.ts
 *
 * Loopback PostgreSQL only (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hotpath); it
 * runs `SELECT 1` and nothing else, so it writes nothing. Subjects are sampled round-robin and the
 * median is reported. The raw pool gets the options TypeORM gets from libs/platform today
 * (max 10, connectionTimeoutMillis 10 s, idleTimeoutMillis 30 s, statement_timeout 30 s). Goal:
 * ManagedPool ≥ 0.95× raw; reported as PASS/FAIL, never the exit code.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';
const SIZE = 10;
const SAMPLES = 7;

interface Case {
  title: string;
  workers: number;
  opsPerSample: number;
  op: (pool: pg.Pool | ManagedPool) => Promise<boolean>;
}

const connectRelease = async (pool: pg.Pool | ManagedPool): Promise<boolean> => {
  const client = await pool.connect();
  client.release();
  return true;
};

const connectSelectRelease = async (pool: pg.Pool | ManagedPool): Promise<boolean> => {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT 1 AS one');
  client.release();
  return rows[0].one === 1;
};

const CASES: Case[] = [
  {
    title: `connect()+release(), 8 workers (below size ${SIZE}: no queue)`,
    workers: 8,
    opsPerSample: 100_000,
    op: connectRelease,
  },
  {
    title: `connect()+release(), 64 workers (above size ${SIZE}: FIFO queue)`,
    workers: 64,
    opsPerSample: 100_000,
    op: connectRelease,
  },
  {
    title: `connect()+SELECT 1+release(), 64 workers`,
    workers: 64,
    opsPerSample: 10_000,
    op: connectSelectRelease,
  },
];

function subjects(kase: Case, pools: Record<string, pg.Pool | ManagedPool>): Subject[] {
  return Object.entries(pools).map(([name, pool]) => ({
    name,
    // One turn of the event loop before each sample: a pool that hands out without I/O runs its
    // loop in microtasks only, which would starve the sockets (and timers) of the others.
    run: async (ops: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      return runConcurrent(kase.workers, ops, () => kase.op(pool));
    },
  }));
}

async function main(): Promise<void> {
  const metrics = new MetricsRegistry({ serviceName: 'pool-bench', collectDefaultMetrics: false });
  const poolMetrics = new PoolMetrics(metrics);
  const managed = (name: string, leakDetectionThresholdMs = 0, leakStackEvery?: number): ManagedPool => {
    const connection = { connectionString: DATABASE_URL };
    const pool = new ManagedPool({ name, connection, max: SIZE, leakDetectionThresholdMs, leakStackEvery });
    poolMetrics.register(pool);
    return pool;
  };
  const pools: Record<string, pg.Pool | ManagedPool> = {
    'pg.Pool (raw)': new pg.Pool({
      connectionString: DATABASE_URL,
      max: SIZE,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
    }),
    ManagedPool: managed('bench'),
    'ManagedPool, leak detection (stacks 1/100)': managed('bench-leak', 60_000),
    'ManagedPool, leak detection (every stack)': managed('bench-leak-all', 60_000, 1),
  };
  // Open all SIZE connections of every pool before measuring anything.
  for (const pool of Object.values(pools)) {
    const clients = await Promise.all(Array.from({ length: SIZE }, () => pool.connect()));
    for (const client of clients) client.release();
  }
  const [{ version }] = (await pools['pg.Pool (raw)'].query('SELECT version()')).rows;
  print(`# Hotpath pool benchmark — ${new Date().toISOString()}`);
  print(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
  print(
    `${version.split(',')[0]} on 127.0.0.1:5432; pool size ${SIZE}; median of ${SAMPLES} samples, round-robin\n`,
  );
  const started = Date.now();
  for (const kase of CASES) {
    const results = await measureRoundRobin(subjects(kase, pools), {
      warmupOps: kase.opsPerSample / 4,
      opsPerSample: kase.opsPerSample,
      samples: SAMPLES,
    });
    print(`## ${kase.title}, ${kase.opsPerSample.toLocaleString('en-US')} ops per sample\n`);
    const raw = results.get('pg.Pool (raw)') as Measurement;
    table(
      ['subject', 'ops/s (median)', 'min – max', 'vs pg.Pool', 'goal'],
      [...results.values()].map((m) => [
        m.name,
        opsPerSec(m.median),
        `${opsPerSec(m.min)} – ${opsPerSec(m.max)}`,
        ratio(m.median, raw.median),
        m === raw ? '—' : goal(m.median, raw.median, 0.95),
      ]),
    );
  }
  const managedPool = pools.ManagedPool as ManagedPool;
  const snapshot = managedPool.snapshot();
  print(
    `ManagedPool after the run: ${snapshot.acquired.toLocaleString('en-US')} acquires, ${snapshot.timeouts} timeouts, ` +
      `${snapshot.created} connections opened, mean acquire ${snapshot.meanAcquireMs.toFixed(3)} ms, mean hold ${snapshot.meanHoldMs.toFixed(3)} ms`,
  );
  print(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await Promise.all(Object.values(pools).map((pool) => pool.end()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
