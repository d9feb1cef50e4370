import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from 'pg';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/hotpath';
// Jest runs these suites as ES modules: no __dirname.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A database of its own for one suite (pg_stat_statements keeps its statistics per database), with
 * pg_stat_statements, HypoPG, and the services' schemas migrated by `npm run migrate`'s script.
 */
export async function createAnalysisDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `hp_worker_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  await client
    .query('CREATE EXTENSION pg_stat_statements; CREATE EXTENSION hypopg')
    .finally(() => client.end());
  await promisify(execFile)(process.execPath, ['-r', join(ROOT, 'tools/dev/register.cjs'), join(ROOT, 'tools/db/migrate.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, HOTPATH_SERVICE_API_KEY: 'hp_test_migrate_only_0123456789' },
  });
  return {
    name,
    url,
    async drop() {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end());
    },
  };
}
