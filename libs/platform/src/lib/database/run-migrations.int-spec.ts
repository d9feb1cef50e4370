import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { postgresDataSourceOptions } from './postgres-data-source-options';
import { runMigrations } from './run-migrations';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

describe('runMigrations against a real PostgreSQL', () => {
  const schema = `test_${randomUUID().replace(/-/g, '')}`;

  class CreateThings1700000000000 implements MigrationInterface {
    name = 'CreateThings1700000000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".things (id serial PRIMARY KEY)`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".things`);
    }
  }

  const open = () =>
    new DataSource(
      postgresDataSourceOptions({
        url: DATABASE_URL,
        schema,
        applicationName: 'run-migrations-test',
        entities: [],
        migrations: [CreateThings1700000000000],
      }),
    ).initialize();

  let instances: DataSource[] = [];

  afterAll(async () => {
    await instances[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(instances.map((dataSource) => dataSource.destroy()));
  });

  it('creates the schema and applies each migration once when three instances start together', async () => {
    instances = await Promise.all([open(), open(), open()]);
    const applied = await Promise.all(instances.map((dataSource) => runMigrations(dataSource, schema)));

    expect(applied.flat()).toEqual(['CreateThings1700000000000']);
    const [{ count }] = await instances[0].query(`SELECT count(*)::int AS count FROM "${schema}".migrations`);
    expect(count).toBe(1);
    await expect(instances[1].query(`SELECT count(*) FROM "${schema}".things`)).resolves.toBeDefined();
  });

  it('is a no-op once up to date', async () => {
    expect(await runMigrations(instances[2], schema)).toEqual([]);
  });

  it('applies nothing when one migration fails, and leaves no lock behind', async () => {
    const broken = `test_${randomUUID().replace(/-/g, '')}`;
    class CreateFirst1700000000001 implements MigrationInterface {
      name = 'CreateFirst1700000000001';
      async up(runner: QueryRunner): Promise<void> {
        await runner.query(`CREATE TABLE "${broken}".first (id int)`);
      }
      async down(runner: QueryRunner): Promise<void> {
        await runner.query(`DROP TABLE "${broken}".first`);
      }
    }
    class Broken1700000000002 implements MigrationInterface {
      name = 'Broken1700000000002';
      async up(runner: QueryRunner): Promise<void> {
        await runner.query('SELECT * FROM no_such_table_anywhere');
      }
      down(): Promise<void> {
        return Promise.resolve(); // nothing to undo: up never succeeds
      }
    }
    const dataSource = await new DataSource(
      postgresDataSourceOptions({
        url: DATABASE_URL,
        schema: broken,
        applicationName: 'run-migrations-test',
        entities: [],
        migrations: [CreateFirst1700000000001, Broken1700000000002],
      }),
    ).initialize();
    try {
      await expect(runMigrations(dataSource, broken)).rejects.toThrow(/no_such_table_anywhere/);
      // The whole call rolled back: not even the schema, let alone the first table, exists.
      const [{ exists }] = await dataSource.query(
        'SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = $1) AS exists',
        [broken],
      );
      expect(exists).toBe(false);
      // Another session can take the migration lock at once: it went with the rolled-back transaction.
      const [{ free }] = await dataSource.query(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS free',
        [`hotpath:migrations:${broken}`],
      );
      expect(free).toBe(true);
    } finally {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${broken}" CASCADE`);
      await dataSource.destroy();
    }
  });
});
