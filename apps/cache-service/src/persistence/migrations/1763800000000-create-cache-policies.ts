import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Namespace policies and their history, in the cache-service's own schema. */
export class CreateCachePolicies1763800000000 implements MigrationInterface {
  name = 'CreateCachePolicies1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE cache.policies (
        namespace  text        PRIMARY KEY,
        version    integer     NOT NULL CHECK (version > 0),
        policy     jsonb       NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text        NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE cache.policy_history (
        namespace  text        NOT NULL,
        version    integer     NOT NULL,
        policy     jsonb       NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text        NOT NULL,
        PRIMARY KEY (namespace, version)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE cache.policy_history');
    await runner.query('DROP TABLE cache.policies');
  }
}
