import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { classifyPgError } from './classify-pg-error';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotpath';

/** The error PostgreSQL itself answers, classified. */
async function classified(client: pg.Client, sql: string): Promise<ReturnType<typeof classifyPgError>> {
  const error = await client.query(sql).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error === undefined) throw new Error(`${sql} did not fail`);
  return classifyPgError(error);
}

describe('classifyPgError against a real PostgreSQL', () => {
  const table = `resilience_${randomUUID().replaceAll('-', '')}`;
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: DATABASE_URL, application_name: 'resilience-classifier-test' });
    await client.connect();
    await client.query(`CREATE TEMP TABLE ${table} (id int PRIMARY KEY)`);
    await client.query(`INSERT INTO ${table} VALUES (1)`);
  });

  afterAll(async () => {
    await client.end();
  });

  it('a statement timeout counts as slow', async () => {
    await client.query(`SET statement_timeout = '20ms'`);
    const result = await classified(client, 'SELECT pg_sleep(1)');
    await client.query('RESET statement_timeout');
    expect(result).toMatchObject({ verdict: 'slow', code: '57014', reason: 'statement_timeout' });
  });

  it('a unique violation is ignored', async () => {
    expect(await classified(client, `INSERT INTO ${table} VALUES (1)`)).toMatchObject({ verdict: 'ignore', code: '23505' });
  });

  it('a syntax error is the statement, not the server', async () => {
    expect(await classified(client, 'SELEC 1')).toMatchObject({ verdict: 'ignore', code: '42601' });
  });

  it('a terminated backend (admin_shutdown) trips and retries', async () => {
    const victim = new pg.Client({ connectionString: DATABASE_URL, application_name: 'resilience-classifier-victim' });
    await victim.connect();
    victim.on('error', () => undefined); // the terminated connection also emits; the query's rejection is what we check
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const running = victim.query('SELECT pg_sleep(5)').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    expect(classifyPgError(await running)).toMatchObject({ verdict: 'failure', retryable: true, code: '57P01' });
    await victim.end().catch(() => undefined);
  });
});
