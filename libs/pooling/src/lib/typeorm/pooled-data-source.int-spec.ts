import { randomUUID } from 'node:crypto';
import { freePort } from '@hotpath/testing';
import pg from 'pg';
import { DataSource, EntitySchema } from 'typeorm';
import { RecordingLogger } from '../../../test/recording-logger';
import { PoolCluster } from '../cluster/pool-cluster';
import { pooledDataSourceOptions } from './pooled-data-source-options';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';
const ADMIN_URL = DATABASE_URL.replace(/\/[^/]*$/, '/postgres');
const PRIMARY_DB = new URL(DATABASE_URL).pathname.slice(1);

interface Note {
  id: number;
  origin: string;
}

/**
 * A replica stand-in: a second database on the same server. Reads that reach it see its rows,
 * writes that reach the primary see the primary's, so where a query went is visible in its answer.
 */
describe('a TypeORM DataSource over a PoolCluster, against a real PostgreSQL', () => {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const replicaDb = `hotpath_replica_${suffix}`;
  const schema = `pooling_${suffix}`;
  const replicaUrl = DATABASE_URL.replace(/\/[^/]*$/, `/${replicaDb}`);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  const dataSources: DataSource[] = [];

  const notes = new EntitySchema<Note>({
    name: 'Note',
    tableName: 'notes',
    schema,
    columns: { id: { type: Number, primary: true, generated: 'increment' }, origin: { type: String } },
  });

  const prepare = async (url: string, origin: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE ${schema}.notes (id serial PRIMARY KEY, origin text NOT NULL)`);
    await client.query(`INSERT INTO ${schema}.notes (origin) VALUES ($1)`, [origin]);
    await client.end();
  };

  const open = async (cluster: PoolCluster): Promise<DataSource> => {
    const dataSource = new DataSource({
      type: 'postgres',
      url: DATABASE_URL,
      entities: [notes],
      synchronize: false,
      logging: false,
      ...pooledDataSourceOptions(cluster),
    });
    dataSources.push(dataSource);
    return dataSource.initialize();
  };

  const cluster = (replicas: string[]): PoolCluster =>
    new PoolCluster({
      name: `c-${randomUUID().slice(0, 8)}`,
      primary: { connectionString: DATABASE_URL },
      replicas: replicas.map((connectionString) => ({ connectionString })),
      pool: { max: 2, connectRetry: { attempts: 1 } },
      logger: new RecordingLogger(),
    });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${replicaDb}`);
    await prepare(DATABASE_URL, 'primary');
    await prepare(replicaUrl, 'replica');
  });

  afterAll(async () => {
    await Promise.all(
      dataSources.filter((dataSource) => dataSource.isInitialized).map((dataSource) => dataSource.destroy()),
    );
    const primary = new pg.Client({ connectionString: DATABASE_URL });
    await primary.connect();
    await primary.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await primary.end();
    await admin.query(`DROP DATABASE IF EXISTS ${replicaDb} WITH (FORCE)`);
    await admin.end();
  });

  describe('with a healthy replica', () => {
    let pools: PoolCluster;
    let dataSource: DataSource;
    const databaseOf = async (query: Promise<{ db: string }[]>): Promise<string> => (await query)[0].db;

    beforeAll(async () => {
      pools = cluster([replicaUrl]);
      dataSource = await open(pools);
    });

    it('runs dataSource.query on the primary', async () => {
      expect(await databaseOf(dataSource.query('SELECT current_database() AS db'))).toBe(PRIMARY_DB);
    });

    it("sends a 'slave' query runner to the replica and a 'master' one to the primary", async () => {
      const slave = dataSource.createQueryRunner('slave');
      const master = dataSource.createQueryRunner('master');
      try {
        expect(await databaseOf(slave.query('SELECT current_database() AS db'))).toBe(replicaDb);
        expect(await databaseOf(master.query('SELECT current_database() AS db'))).toBe(PRIMARY_DB);
      } finally {
        await slave.release();
        await master.release();
      }
    });

    it('reads entities with find() from the replica and writes with save() to the primary', async () => {
      const repository = dataSource.getRepository(notes);
      await repository.save({ origin: 'written' });

      const read = await repository.find({ order: { id: 'ASC' } });
      const onPrimary = await dataSource.query(`SELECT origin FROM ${schema}.notes ORDER BY id`);

      expect(read.map((note) => note.origin)).toEqual(['replica']);
      expect(onPrimary.map((row: Note) => row.origin)).toEqual(['primary', 'written']);
    });

    it('runs transactions, reads included, on the primary', async () => {
      const seen = await dataSource.transaction(async (manager) => {
        const [{ db }] = await manager.query('SELECT current_database() AS db');
        const rows = await manager.getRepository(notes).find({ order: { id: 'ASC' } });
        return { db, origins: rows.map((note) => note.origin) };
      });

      expect(seen.db).toBe(PRIMARY_DB);
      expect(seen.origins[0]).toBe('primary');
    });

    it('borrows from the managed pools (their counters move), with the session timeouts set', async () => {
      const before = [pools.primary.counters.acquired, pools.replicas[0].counters.acquired];
      const [{ timeout }] = await dataSource.query("SELECT current_setting('statement_timeout') AS timeout");
      await dataSource.getRepository(notes).count();

      expect(timeout).toBe('30s');
      expect([
        pools.primary.counters.acquired - before[0],
        pools.replicas[0].counters.acquired - before[1],
      ]).toEqual([1, 1]);
      expect(pools.snapshot()).toMatchObject({
        status: 'up',
        readsOnPrimary: 0,
        replicas: [{ skipped: false }],
      });
    });
  });

  describe('with an unreachable replica', () => {
    it('skips it: reads fall back to the primary, and the cluster reports degraded', async () => {
      const port = await freePort();
      const pools = cluster([`postgres://postgres@127.0.0.1:${port}/${replicaDb}`]);
      const dataSource = await open(pools);
      const slave = dataSource.createQueryRunner('slave');

      const [{ db }] = await slave.query('SELECT current_database() AS db');
      await slave.release();
      const read = await dataSource.getRepository(notes).find();
      const snapshot = pools.snapshot();

      expect(db).toBe(PRIMARY_DB);
      expect(read.map((note) => note.origin)).toContain('primary');
      expect(snapshot).toMatchObject({
        status: 'degraded',
        primary: { status: 'up' },
        replicas: [{ skipped: true, status: 'down' }],
      });
      expect(snapshot.readsOnPrimary).toBeGreaterThanOrEqual(2);
      // Skipped replicas are not retried on every read: one failed open (at DataSource start) only.
      expect(pools.replicas[0].counters.connectErrors).toBe(1);
    });
  });

  it('ends the pools when the DataSource is destroyed', async () => {
    const pools = cluster([replicaUrl]);
    const dataSource = await open(pools);
    await dataSource.query('SELECT 1');

    await dataSource.destroy();

    expect(pools.pools.map((pool) => [pool.ended, pool.totalCount])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });
});
