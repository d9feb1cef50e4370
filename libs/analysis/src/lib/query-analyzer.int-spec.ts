import { jest } from '@jest/globals';
import { Client } from 'pg';
import { createThrowawayDatabase } from '../../test/throwaway-database';
import { runShopWorkload, seedShop } from '../../test/shop-fixture';
import type { QueryAnalysisReport } from './report/query-analysis-report';
import { QueryAnalyzer } from './query-analyzer';

jest.setTimeout(120_000);

describe('QueryAnalyzer (real PostgreSQL, pg_stat_statements + HypoPG)', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let session: Client;
  let report: QueryAnalysisReport;

  const indexActions = (r: QueryAnalysisReport) =>
    r.recommendations.filter((rec) => rec.kind === 'missing-index').map((rec) => rec.action);
  const outcomeOf = (r: QueryAnalysisReport, fragment: string) => r.statements.find((s) => s.query.includes(fragment));

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    const app = new Client({ connectionString: database.url });
    await app.connect();
    try {
      await seedShop(app);
      await runShopWorkload(app);
    } finally {
      await app.end();
    }
    session = new Client({ connectionString: database.url, options: '-c default_transaction_read_only=on' });
    await session.connect();
    report = await new QueryAnalyzer(session, { database: database.name, statementTimeoutMs: 2000 }).run();
  });

  afterAll(async () => {
    await session?.end();
    await database?.drop();
  });

  it('finds the planted single-column missing index, with its evidence and the SQL to run', () => {
    const recommendation = report.recommendations.find((r) => r.title.includes('shop.orders (customer_id)'));
    expect(recommendation).toMatchObject({
      kind: 'missing-index',
      action: 'CREATE INDEX CONCURRENTLY ON "shop"."orders" ("customer_id")',
      scope: database.name,
    });
    const [statement] = recommendation!.evidence.statements as Array<Record<string, number | string>>;
    expect(statement.query).toContain('customer_id = $1');
    expect(statement.calls).toBe(40);
    expect(statement.costBefore as number).toBeGreaterThanOrEqual(100);
    expect((statement.costAfter as number) / (statement.costBefore as number)).toBeLessThan(0.5);
  });

  it('finds the two-column index, the more distinct column first (order from pg_stats)', () => {
    expect(indexActions(report)).toContain('CREATE INDEX CONCURRENTLY ON "shop"."events" ("account_id", "kind")');
  });

  it('finds the ORDER BY … LIMIT index: the filter column, then the sort key', () => {
    expect(indexActions(report)).toContain(
      'CREATE INDEX CONCURRENTLY ON "shop"."orders" ("status", "created_at" DESC)',
    );
  });

  it('recommends nothing for statements an existing index serves', () => {
    expect(outcomeOf(report, 'WHERE sku = $1')?.verdict).not.toBe('recommended');
    expect(outcomeOf(report, 'category = $1 AND name = $2')?.verdict).not.toBe('recommended');
    expect(indexActions(report).filter((action) => action.includes('"products"'))).toEqual([]);
  });

  it('penalises an index on a write-heavy table', () => {
    const outcome = outcomeOf(report, 'FROM shop.audit_log WHERE actor_id');
    expect(outcome).toMatchObject({ verdict: 'penalised' });
    expect(outcome!.best!.saving).toBeGreaterThanOrEqual(0.5);
    expect(outcome!.best!.adjustedSaving).toBeLessThan(0.5);
    expect(indexActions(report).filter((action) => action.includes('audit_log'))).toEqual([]);
  });

  it('plans an analysed DELETE without running it: its rows are still there', async () => {
    expect(outcomeOf(report, 'DELETE FROM shop.products WHERE discontinued')?.costBefore).toBeGreaterThan(0);
    const { rows } = await session.query('SELECT count(*)::int AS n FROM shop.products WHERE discontinued');
    expect(rows[0].n).toBe(200);
  });

  it('gives up on a pathological plan at the statement timeout and goes on with the others', () => {
    const outcome = outcomeOf(report, 'shop.slow()');
    expect(outcome).toMatchObject({ verdict: 'skipped' });
    expect(outcome!.reason).toMatch(/^PLAN_TIMEOUT/);
  });

  it('reports prefix-duplicate and unused indexes with DROP INDEX CONCURRENTLY', () => {
    const duplicate = report.recommendations.find((r) => r.kind === 'duplicate-index');
    expect(duplicate).toMatchObject({ action: 'DROP INDEX CONCURRENTLY "shop"."products_category"' });
    const unused = report.recommendations.filter((r) => r.kind === 'unused-index').map((r) => r.action);
    expect(unused).toContain('DROP INDEX CONCURRENTLY "shop"."products_lower_name"');
    expect(unused).not.toContain('DROP INDEX CONCURRENTLY "shop"."products_sku"');
  });

  it('reports the sequential-scan-heavy tables', () => {
    const tables = report.recommendations.filter((r) => r.kind === 'seq-scan-heavy-table').map((r) => r.title);
    expect(tables.some((title) => title.startsWith('shop.orders '))).toBe(true);
    expect(tables.some((title) => title.startsWith('shop.products '))).toBe(false);
  });

  it('leaves no hypothetical index behind', async () => {
    const { rows } = await session.query('SELECT count(*)::int AS n FROM hypopg_list_indexes');
    expect(rows[0].n).toBe(0);
  });

  it('answers without HypoPG from the plan alone, flagged low confidence', async () => {
    const heuristic = await new QueryAnalyzer(session, { database: database.name, hypopg: false, statementTimeoutMs: 2000 }).run();
    expect(heuristic.confidence).toBe('low');
    const orders = heuristic.recommendations.find((r) => r.title.includes('shop.orders (customer_id)'));
    expect(orders?.evidence.confidence).toBe('low');
    expect(indexActions(heuristic).filter((action) => action.includes('"products"'))).toEqual([]);
  });
});
