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
});
