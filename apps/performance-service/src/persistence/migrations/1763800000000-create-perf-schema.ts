import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The performance-service's tables: latency rollups per (service, route, status class, step),
 * request profiles (span trees), optimisation runs and recommendations.
 */
export class CreatePerfSchema1763800000000 implements MigrationInterface {
  name = 'CreatePerfSchema1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE perf.latency_rollups (
        service      text             NOT NULL,
        method       text             NOT NULL,
        route        text             NOT NULL,
        status_class smallint         NOT NULL CHECK (status_class BETWEEN 1 AND 5),
        step_seconds integer          NOT NULL CHECK (step_seconds > 0),
        bucket_start timestamptz      NOT NULL,
        count        bigint           NOT NULL DEFAULT 0,
        sum_ms       double precision NOT NULL DEFAULT 0,
        bounds_ms    double precision[] NOT NULL,
        counts       bigint[]         NOT NULL,
        PRIMARY KEY (service, route, method, status_class, step_seconds, bucket_start)
      )`);
    await runner.query(
      'CREATE INDEX latency_rollups_by_time ON perf.latency_rollups (step_seconds, bucket_start)',
    );
    await runner.query(`
      CREATE TABLE perf.request_profiles (
        request_id  text             PRIMARY KEY,
        service     text             NOT NULL,
        route       text             NOT NULL,
        started_at  timestamptz      NOT NULL,
        duration_ms double precision NOT NULL,
        spans       jsonb            NOT NULL
      )`);
    await runner.query('CREATE INDEX request_profiles_by_time ON perf.request_profiles (started_at)');
    await runner.query(`
      CREATE TABLE perf.optimization_runs (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        job_id        text        NOT NULL UNIQUE,
        type          text        NOT NULL,
        scope         text,
        state         text        NOT NULL,
        requested_by  text        NOT NULL,
        request_id    text,
        result        jsonb,
        failed_reason text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    await runner.query(`
      CREATE TABLE perf.recommendations (
        id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        kind           text        NOT NULL,
        severity       text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        title          text        NOT NULL,
        evidence       jsonb       NOT NULL,
        action         text        NOT NULL,
        estimated_gain text,
        scope          text        NOT NULL,
        fingerprint    text        NOT NULL UNIQUE,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX recommendations_by_scope_time ON perf.recommendations (scope, created_at DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['recommendations', 'optimization_runs', 'request_profiles', 'latency_rollups']) {
      await runner.query(`DROP TABLE perf.${table}`);
    }
  }
}
