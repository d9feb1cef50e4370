import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

/**
 * A database of its own for one test file, with pg_stat_statements (and HypoPG unless told
 * otherwise): pg_stat_statements keeps statistics per database, so nothing another suite runs
 * shows up in this one's top statements.
 */
export async function createThrowawayDatabase(options: { hypopg?: boolean } = {}): Promise<{
  name: string;
  url: string;
  drop(): Promise<void>;
}> {
  const name = `hp_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    if (options.hypopg !== false) await client.query('CREATE EXTENSION IF NOT EXISTS hypopg');
  } finally {
    await client.end();
  }
  return {
    name,
    url: url.toString(),
    async drop() {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
