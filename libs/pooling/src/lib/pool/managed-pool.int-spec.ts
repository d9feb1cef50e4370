import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@hotpath/testing';
import pg, { type PoolClient } from 'pg';
import { RecordingLogger } from '../../../test/recording-logger';
import type { ManagedPoolOptions } from '../options/managed-pool-options';
import { ManagedPool } from './managed-pool';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

describe('ManagedPool against a real PostgreSQL', () => {
  const pools: ManagedPool[] = [];
  const admin = new pg.Client({ connectionString: DATABASE_URL });

  /** A pool with a unique name (it shows in application_name, so the admin can find its backends). */
  const open = (options: Partial<ManagedPoolOptions> = {}, logger = new RecordingLogger()): ManagedPool => {
    const name = `t-${randomUUID().slice(0, 8)}`;
    const pool = new ManagedPool({
      name,
      connection: { connectionString: DATABASE_URL, application_name: name },
      max: 2,
      logger,
      ...options,
    });
    pools.push(pool);
    return pool;
  };

  /** The reason of the pool's next `remove` (events.once would also listen to, and reject on, `error`). */
  const nextRemoval = (pool: ManagedPool): Promise<string> =>
    new Promise((resolve) => pool.once('remove', (_client: unknown, reason: string) => resolve(reason)));

  const pidOf = async (client: PoolClient): Promise<number> =>
    (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;

  beforeAll(() => admin.connect());

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await admin.end();
  });

  describe('acquire timeout', () => {
    it('fails with ACQUIRE_TIMEOUT naming the pool, its size, the queue and the timeout', async () => {
      const pool = open({ max: 2, acquireTimeoutMs: 150 });
      const held = await Promise.all([pool.connect(), pool.connect()]);

      const error = await pool.connect().catch((e: unknown) => e);

      expect(error).toMatchObject({ name: 'PoolError', code: 'ACQUIRE_TIMEOUT', kind: 'Timeout' });
      expect((error as Error).message).toBe(
        `pool "${pool.name}" could not hand out a connection within 150 ms: size 2 of max 2 (2 in use, 0 idle, 0 opening), 1 waiting`,
      );
      expect([pool.waitingCount, pool.counters.timeouts]).toEqual([0, 1]);
      held.forEach((client) => client.release());
    });

    it('hands a released connection to the oldest waiter, without a new connection', async () => {
      const pool = open({ max: 1 });
      const first = await pool.connect();
      const order: string[] = [];
      const second = pool.connect().then((client) => (order.push('second'), client));
      const third = pool.connect().then((client) => (order.push('third'), client));
      expect(pool.waitingCount).toBe(2);

      first.release();
      (await second).release();
      (await third).release();

      expect(order).toEqual(['second', 'third']);
      expect(pool.counters.created).toBe(1);
    });

    it('gives up a wait when its AbortSignal fires', async () => {
      const pool = open({ max: 1 });
      const held = await pool.connect();
      const controller = new AbortController();
      const waiting = pool.connect({ signal: controller.signal });

      controller.abort();

      await expect(waiting).rejects.toMatchObject({ code: 'ACQUIRE_ABORTED' });
      expect(pool.waitingCount).toBe(0);
      held.release();
    });
  });

  describe('session settings', () => {
    it('sets statement_timeout and idle_in_transaction_session_timeout on connect', async () => {
      const pool = open({ statementTimeoutMs: 1234, idleInTransactionSessionTimeoutMs: 4321 });

      const { rows } = await pool.query(
        "SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle_in_tx",
      );

      expect(rows[0]).toEqual({ statement: '1234ms', idle_in_tx: '4321ms' });
    });

    it('enforces the statement timeout and keeps the connection after it', async () => {
      const pool = open({ statementTimeoutMs: 100 });

      await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      expect([pool.counters.created, pool.counters.closed]).toEqual([1, 0]);
    });
  });

  describe('leak detection', () => {
    it('logs the borrowing stack when a connection is held past the threshold', async () => {
      const logger = new RecordingLogger();
      const pool = open({ leakDetectionThresholdMs: 100, leakStackEvery: 1 }, logger);
      const borrowLeakyConnection = (): Promise<PoolClient> => pool.connect();
      const client = await borrowLeakyConnection();

      const report = await logger.next(/connection leak suspected/);

      expect(report).toContain(`a connection of pool "${pool.name}" has been held for`);
      expect(report).toContain('threshold 100 ms');
      expect(report).toMatch(/borrowLeakyConnection .*managed-pool\.int-spec\.ts/);
      expect(pool.counters.leaks).toBe(1);
      client.release();
      await expect(logger.next(/reported as leaked came back after \d+ ms/)).resolves.toBeDefined();
    });

    it('samples stacks, then captures every borrow once a leak was seen', async () => {
      const logger = new RecordingLogger();
      const pool = open({ leakDetectionThresholdMs: 50, leakStackEvery: 1000 }, logger);
      (await pool.connect()).release(); // the first borrow of a pool is always sampled
      const unsampled = await pool.connect();
      const firstReport = await logger.next(/connection leak suspected/);
      unsampled.release();
      const recurringLeak = (): Promise<PoolClient> => pool.connect();
      const sampled = await recurringLeak();

      const secondReport = await logger.next(/recurringLeak/);

      expect(firstReport).toContain(
        '(not captured: stacks are sampled 1 in 1000; every borrow is captured for the next 600000 ms)',
      );
      expect(secondReport).toMatch(/connection leak suspected[\s\S]*recurringLeak/);
      sampled.release();
    });

    it('captures nothing when leak detection is off', async () => {
      const logger = new RecordingLogger();
      const pool = open({ leakDetectionThresholdMs: 0 }, logger);
      const client = await pool.connect();
      pool.housekeep();

      expect([logger.entries, pool.connections[0].site]).toEqual([[], undefined]);
      client.release();
    });
  });

  describe('broken connections', () => {
    it('replaces an idle backend killed with pg_terminate_backend, and the next query succeeds', async () => {
      const pool = open({ max: 1 });
      const client = await pool.connect();
      const pid = await pidOf(client);
      client.release();
      const removed = nextRemoval(pool);

      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const reason = await removed;
      const next = await pool.connect();

      expect(reason).toBe('error'); // and no 'error' listener on the pool: the process did not crash
      expect(await pidOf(next)).not.toBe(pid);
      expect(pool.counters.connectionErrors).toBe(1);
      next.release();
    });

    it('validates a connection that sat idle, so a backend killed just before is never handed out', async () => {
      const pool = open({ max: 1, validationIdleMs: 0 });
      const client = await pool.connect();
      const pid = await pidOf(client);
      client.release();

      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const { rows } = await pool.query('SELECT pg_backend_pid() AS pid');

      expect(rows[0].pid).not.toBe(pid);
      expect(pool.counters.validationFailures + pool.counters.connectionErrors).toBeGreaterThanOrEqual(1);
    });

    it('closes a connection released with an error instead of reusing it', async () => {
      const pool = open();
      const client = await pool.connect();
      const pid = await pidOf(client);
      const removed = nextRemoval(pool);

      client.release(new Error('broken by the caller'));

      expect(await removed).toBe('error');
      expect((await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid).not.toBe(pid);
    });

    it('refuses a second release of the same borrow', async () => {
      const pool = open();
      const client = await pool.connect();
      client.release();

      expect(() => client.release()).toThrow(expect.objectContaining({ code: 'DOUBLE_RELEASE' }));
    });
  });

  describe('validation before hand-out', () => {
    const lastQueryOf = async (pid: number): Promise<string> =>
      (await admin.query('SELECT query FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0].query;

    it.each<[string, number, string]>([
      ['runs SELECT 1 on a connection idle longer than validationIdleMs', 0, 'SELECT 1'],
      ['skips it on a connection used a moment ago', 60_000, 'SELECT pg_backend_pid() AS pid'],
    ])('%s', async (_name, validationIdleMs, lastQuery) => {
      const pool = open({ max: 1, validationIdleMs });
      const first = await pool.connect();
      const pid = await pidOf(first);
      first.release();

      const again = await pool.connect();

      expect(await lastQueryOf(pid)).toBe(lastQuery);
      again.release();
    });
  });

  describe('lifetime and idle timeout', () => {
    it('retires an idle connection at its max lifetime', async () => {
      const pool = open({ maxLifetimeMs: 200, maxLifetimeJitterMs: 0 });
      const client = await pool.connect();
      const pid = await pidOf(client);
      client.release();

      expect(await nextRemoval(pool)).toBe('lifetime');
      expect(pool.totalCount).toBe(0);
      expect((await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid).not.toBe(pid);
    });

    it('retires a borrowed connection past its lifetime when it comes back', async () => {
      const pool = open({ maxLifetimeMs: 100, maxLifetimeJitterMs: 0 });
      const client = await pool.connect();
      await sleep(150); // the lifetime has to pass while borrowed: no event to await
      const removed = nextRemoval(pool);

      client.release();

      expect(await removed).toBe('lifetime');
    });

    it('closes idle connections above min after idleTimeoutMs, and keeps min open', async () => {
      const pool = open({ max: 3, min: 1, idleTimeoutMs: 50, housekeepingIntervalMs: 20 });
      const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      clients.forEach((client) => client.release());

      const reasons = [await nextRemoval(pool), await nextRemoval(pool)];

      expect(reasons).toEqual(['idle', 'idle']);
      expect(pool.totalCount).toBe(1);
    });

    it('opens min connections without being asked', async () => {
      const pool = open({ max: 3, min: 2 });

      await once(pool, 'connect');
      await once(pool, 'connect');

      expect([pool.totalCount, pool.idleCount]).toEqual([2, 2]);
    });
  });

  describe('connection errors', () => {
    let proxy: Server | undefined;

    afterEach(async () => {
      proxy?.close();
      proxy = undefined;
    });

    it('retries a refused handshake with backoff and hands out the connection that succeeds', async () => {
      // A proxy to PostgreSQL that drops the first two connections it receives.
      const port = await freePort();
      let accepted = 0;
      proxy = createServer((socket: Socket) => {
        if (++accepted <= 2) {
          socket.destroy();
          return;
        }
        const upstream = createConnection(5432, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        const close = (): void => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', close).on('close', close);
        upstream.on('error', close).on('close', close);
      }).listen(port, '127.0.0.1');
      await once(proxy, 'listening');
      const pool = open({
        connection: { connectionString: `postgres://postgres@127.0.0.1:${port}/hotpath` },
        connectRetry: { attempts: 3, baseDelayMs: 10 },
      });

      const { rows } = await pool.query('SELECT 1 AS one');

      expect(rows).toEqual([{ one: 1 }]);
      expect([accepted, pool.counters.connectErrors, pool.counters.created]).toEqual([3, 0, 1]);
      await pool.end();
    });

    it('fails the waiters with CONNECT_FAILED, keeping the cause, once the retries run out', async () => {
      const port = await freePort();
      const logger = new RecordingLogger();
      const pool = open(
        {
          connection: { connectionString: `postgres://postgres@127.0.0.1:${port}/hotpath` },
          connectRetry: { attempts: 2, baseDelayMs: 5 },
        },
        logger,
      );

      const error = await pool.connect().catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'CONNECT_FAILED',
        cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
      });
      expect((error as Error).message).toContain(`could not open a connection to 127.0.0.1:${port}/hotpath`);
      expect(logger.lines('warn')).toHaveLength(1);
      expect(pool.snapshot()).toMatchObject({
        status: 'down',
        errors: 1,
        lastError: (error as Error).message,
      });
    });
  });

  describe('end', () => {
    it('fails waiters and later acquires with POOL_ENDED, and closes every connection', async () => {
      const pool = open({ max: 1 });
      const held = await pool.connect();
      const waiting = pool.connect().catch((error: unknown) => error);

      const ended = pool.end();
      held.release();
      await ended;

      expect(await waiting).toMatchObject({ code: 'POOL_ENDED' });
      await expect(pool.connect()).rejects.toMatchObject({ code: 'POOL_ENDED' });
      expect(pool.totalCount).toBe(0);
    });
  });
});
